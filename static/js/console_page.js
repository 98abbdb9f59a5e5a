// The console page's small helpers: copy the invite link, confirm forms that end something.
import { t } from "./i18n.js";

const copyButton = document.querySelector("[data-copy]");
if (copyButton) {
  copyButton.addEventListener("click", async () => {
    const input = document.getElementById(copyButton.dataset.copy);
    const status = document.getElementById("copy-status");
    const say = (message) => { if (status) status.textContent = message; };
    try {
      await navigator.clipboard.writeText(input.value);
      say(t("Link copied."));
    } catch {
      input.select();
      say(t("Select the link and copy it (Ctrl+C)."));
    }
  });
}
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
