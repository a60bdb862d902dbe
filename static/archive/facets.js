// Progressive enhancement: a box that filters a long facet list as you type.
// Loaded as a file (no inline scripts: the Content Security Policy forbids them).
document.querySelectorAll("[data-facet-filter]").forEach(function (input) {
  var section = input.closest(".facet");
  input.closest("label").hidden = false;
  input.addEventListener("input", function () {
    var needle = input.value.trim().toLowerCase();
    var more = section.querySelector("details.more");
    if (more && needle) { more.open = true; }
    section.querySelectorAll("li").forEach(function (item) {
      var label = item.querySelector(".label").textContent.toLowerCase();
      item.hidden = needle !== "" && label.indexOf(needle) === -1;
    });
  });
});
