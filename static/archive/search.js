// Progressive enhancement of the search page (a file: the Content Security Policy forbids inline scripts).
// The sort control is applied by its button, never on change: a keyboard's arrow keys change a closed select's
// value one step at a time, and reloading on the first would leave "Oldest first" out of reach (WCAG 3.2.2).
// Empty fields stay out of the URL (`?q=&…`): one URL per search. The server redirects such URLs too.
document.querySelectorAll("form.search-form, form.sort-form, form.date-range").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("input[name], select[name]").forEach(function (field) {
      if (field.value.trim() === "") { field.disabled = true; }
    });
  });
});
// Coming back to the page (the back button's cache): the fields disabled above are usable again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form [disabled]").forEach(function (field) { field.disabled = false; });
});
