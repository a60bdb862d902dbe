// Progressive enhancement of /countries/, /organisations/ and /sources/: the list filters as you type.
// Without JavaScript the form's ?q= does the same on the server. Loaded as a file: the Content
// Security Policy forbids inline scripts.
document.querySelectorAll("[data-entity-filter]").forEach(function (input) {
  var table = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.querySelector("[data-entity-count]");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  function apply() {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = needle === "" || row.getAttribute("data-entity-text").indexOf(needle) !== -1;
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    if (status) {
      var noun = status.getAttribute(shown === 1 ? "data-singular" : "data-plural");
      status.textContent = shown + " " + noun + (needle ? " matching “" + input.value.trim() + "”" : "");
    }
  }
  input.addEventListener("input", apply);
});
