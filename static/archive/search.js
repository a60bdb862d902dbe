// Progressive enhancement of the search page (a file: the Content Security Policy forbids inline scripts).
// The sort control applies as soon as it changes; its button is for browsers without JavaScript.
document.querySelectorAll("select[data-apply-on-change]").forEach(function (select) {
  var button = select.form.querySelector("[data-apply-button]");
  if (button) { button.hidden = true; }
  select.addEventListener("change", function () { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); });
});
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
