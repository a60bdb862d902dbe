// "Copy" beside each citation and reference list: shown only where the clipboard can be written (the text is
// selectable anyway). It copies HTML as well as plain text, so a word processor keeps the italics, and says
// "Copied" through the block's live region (role=status) for screen readers as well as on the button.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;

  async function copy(target) {
    // innerText: as shown, one line per entry of a reference list
    const text = target.innerText.trim();
    if (window.ClipboardItem && navigator.clipboard.write) {
      try {
        await navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([target.outerHTML], { type: "text/html" }),
          "text/plain": new Blob([text], { type: "text/plain" }),
        })]);
        return;
      } catch (error) {
        // a browser that refuses HTML on the clipboard: plain text below
      }
    }
    await navigator.clipboard.writeText(text);
  }

  for (const button of document.querySelectorAll("button.copy-citation")) {
    const target = document.getElementById(button.dataset.copy);
    if (!target) continue;
    const label = button.querySelector(".copy-label") || button;
    const status = button.closest("section").querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      let said;
      try {
        await copy(target);
        said = "Copied";
      } catch (error) {
        said = "Select the text to copy";
      }
      label.textContent = said;
      if (status) status.textContent = said;
      setTimeout(() => {
        label.textContent = "Copy";
        if (status) status.textContent = "";
      }, 2000);
    });
  }
});
