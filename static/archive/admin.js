// The editors' screens: select2 (the admin's autocomplete boxes) renders the chosen value in a text box of its
// own with no accessible name (axe: aria-input-field-name). Name each after its field's label. select2 builds
// its boxes when jQuery is ready, which may come after "load", and again for inline rows added later: so
// watch the document for new boxes rather than name them once.
(function () {
  function nameBoxes() {
    document.querySelectorAll(".select2-selection__rendered[role=textbox]:not([aria-label])").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
      if (label) {
        box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameBoxes();
    new MutationObserver(nameBoxes).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", nameBoxes);
})();

// A save the admin refused comes back with "Please correct the errors below." at the top (or, on the import page,
// only the field's error) and the focus nowhere: a keyboard or screen-reader user had to hunt for the field. Start
// on the first field in error (its aria-describedby reads the message), or on the note when that field is hidden
// (a closed fieldset).
document.addEventListener("DOMContentLoaded", function () {
  var note = document.querySelector("#content .errornote");
  var field = document.querySelector("#content [aria-invalid='true']");
  if (field && field.getClientRects().length) {
    field.focus();
  } else if (note) {
    note.setAttribute("tabindex", "-1");
    note.focus();
  }
});
