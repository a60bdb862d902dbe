// "Copy" beside each citation and reference list: shown only where the clipboard can be written (the text is selectable anyway).
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button.copy-citation")) {
    const target = document.getElementById(button.dataset.copy);
    if (!target) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        // innerText: as shown, one line per entry of a reference list
        await navigator.clipboard.writeText(target.innerText.trim());
        button.textContent = "Copied";
      } catch (error) {
        button.textContent = "Select the text to copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
  }
});
