// "Copy" beside each citation: shown only where the clipboard can be written (the text is selectable anyway).
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button.copy-citation")) {
    const target = document.getElementById(button.dataset.copy);
    if (!target) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = "Copied";
      } catch (error) {
        button.textContent = "Select the text to copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
  }
});
