// Calls of the coding REST API with the session's CSRF token; errors carry the server's message.
import { t } from "../i18n.js";

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class ApiError extends Error {}

function messageOf(body) {
  if (!body || typeof body !== "object") return t("The server refused the change.");
  if (body.detail) return String(body.detail);
  // A service's refusal (docs/api.md "Errors"): its code is a string, its message says it all.
  if (typeof body.code === "string" && body.message) return String(body.message);
  const parts = [];
  for (const [field, value] of Object.entries(body)) {
    parts.push(`${field}: ${Array.isArray(value) ? value.join(" ") : value}`);
  }
  return parts.join("; ") || t("The server refused the change.");
}

export async function send(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(messageOf(data));
  return data;
}
