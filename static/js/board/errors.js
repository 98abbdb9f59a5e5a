// The board's refusals in the page's language, chosen by their documented code (the list in
// sessions/errors.py, docs/websocket-protocol.md). The server words them in English for the API;
// people on the board read this module's wording, translated through the JavaScript catalog.
import { t } from "./dom.js";

const TEXTS = {
  text_empty: () => t("A note needs some text."),
  text_too_long: () => t("This note is too long: shorten it and save again."),
  bad_characters: () => t("This note holds characters that cannot be saved."),
  unknown_level: () => t("This column is no longer on the board."),
  unknown_statement: () => t("This statement is no longer on the board."),
  statement_not_active: () => t("Notes can only be written on the active statement."),
  step_closed: () => t("Notes are closed at this step."),
  board_locked: () => t("The moderator has locked the board for now."),
  session_ended: () => t("This session has ended: its board can no longer change."),
  time_up: () => t("Time is up: the moderator's timer has closed the notes."),
  not_revealed: () => t("These notes are not revealed yet."),
  stale_version: () => t("This note changed since you opened it; here is its current text."),
  id_taken: () => t("This note was already saved."),
  not_your_note: () => t("You can only change your own notes."),
  forbidden: () => t("You cannot do this on this board."),
  removed: () => t("The moderator removed you from the session."),
  note_not_found: () => t("This note was deleted."),
  already_withdrawn: () => t("This participant has already withdrawn."),
  rate_limited: () => t("Too many changes at once: wait a moment and try again."),
  server_error: () => t("The server could not do this now; try again."),
};

/** What to tell people about a refusal: the translated text of its code. A code the board's own
 * controls never cause (a malformed message) keeps the server's words for staff, who may report
 * them, and a translated general text for participants. */
export function errorText(message, role) {
  const text = TEXTS[message.code];
  if (text) return text();
  if (role === "staff" && message.message) return message.message;
  return t("This change was refused (%(code)s).", { code: message.code || "?" });
}
