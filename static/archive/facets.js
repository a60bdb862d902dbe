// Progressive enhancement: a box that filters a long facet list as you type, and says how many match.
// Loaded as a file (no inline scripts: the Content Security Policy forbids them).
function foldedForFilter(text) {
  // "cote" finds Côte d'Ivoire, as the lists of countries and organisations do.
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

document.querySelectorAll("[data-facet-filter]").forEach(function (input) {
  var section = input.closest(".facet");
  var status = section.querySelector("[data-facet-count]");
  var title = section.querySelector("h2").textContent.trim().toLowerCase();
  input.closest("label").hidden = false;
  input.addEventListener("input", function () {
    var needle = foldedForFilter(input.value.trim());
    var more = section.querySelector("details.more");
    if (more && needle) { more.open = true; }
    var shown = 0;
    section.querySelectorAll("li").forEach(function (item) {
      // The label, and the code, acronym and other names the server lists (data-names, folded): "UK", "Britain".
      var text = item.querySelector(".label").textContent + " · " + (item.getAttribute("data-names") || "");
      var match = needle === "" || foldedForFilter(text).indexOf(needle) !== -1;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    if (status) {
      status.textContent = needle ? shown + " of the " + title + (shown === 1 ? " matches “" : " match “") + input.value.trim() + "”" : "";
    }
  });
});
