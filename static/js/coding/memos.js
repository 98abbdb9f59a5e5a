// The memo form of the memos page: posts to the REST API, then shows the list again.
import { send } from "./api.js";

const form = document.getElementById("memo-form");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [about, target] = form.elements.target.value.split(":");
    const status = document.getElementById("memo-status");
    try {
      await send("POST", form.dataset.api, { about, target: target || null, text: form.elements.text.value });
      window.location.reload();
    } catch (error) {
      status.textContent = error.message;
    }
  });
}
