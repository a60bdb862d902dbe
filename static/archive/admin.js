// The editors' screens: select2 (the admin's autocomplete boxes) renders the chosen value in a text box of its
// own with no accessible name (axe: aria-input-field-name). Name each after its field's label.
window.addEventListener("load", function () {
  document.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (box) {
    var container = box.closest(".select2-container");
    var select = container && container.previousElementSibling;
    var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
    if (label && !box.hasAttribute("aria-label")) {
      box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
  });
});
