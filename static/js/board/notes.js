// One note as a post-it: its author's colour, code and text, with its actions in one menu.
// Notes are moved by dragging (mouse, pen, or touch on the grip), by Alt+←/→ or from the menu.
import { attr, el, t } from "./dom.js";

/** What a note looks like now; its element is rebuilt only when this changes. */
export function noteSignature(board, note, ui) {
  const s = board.session;
  return JSON.stringify([note.text, note.level, note.code, note.color, note.flagged_unclear,
    board.hasPendingFor(note.id), s.highlighted_note_id === note.id, board.isMine(note),
    board.notesOpen(note.statement_id), board.revealed(note.statement_id), ui.editingNote === note.id,
    ui.menuFor === note.id, board.data.me.can_run]);
}

export function buildNote(view, note) {
  const board = view.board;
  const mine = board.isMine(note);
  const open = board.notesOpen(note.statement_id);
  const unsaved = board.hasPendingFor(note.id);
  const highlighted = board.session.highlighted_note_id === note.id;
  const li = view.noteNodes.get(note.id)?.node || el("li", { "data-note-id": note.id });
  li.replaceChildren();
  li.className = `note${mine ? " mine" : ""}${unsaved ? " unsaved" : ""}${highlighted ? " highlighted" : ""}${note.flagged_unclear ? " flagged" : ""}`;
  li.style.setProperty("--note", note.color || "#eee");
  li.dataset.key = `note-${note.id}`;
  if (view.ui.editingNote === note.id && mine && open) {
    li.classList.add("editing");
    attr(li, "tabindex", null);
    attr(li, "aria-label", null);
    li.append(view.editor(t("Edit your note"), note.text, (value) => board.editNote(note, value), note.id, note.statement_id));
    return li;
  }
  const who = board.authorName(note);
  const level = board.levelLabel(note.level);
  const flags = [unsaved ? t("not yet saved") : null, highlighted ? t("highlighted") : null,
    note.flagged_unclear ? t("flagged as unclear") : null].filter(Boolean);
  attr(li, "tabindex", "0");
  attr(li, "aria-label", `${t("Note by %(who)s in %(level)s", { who, level })}${flags.length ? `, ${flags.join(", ")}` : ""}: ${note.text}`);
  li.append(...[
    el("p", { class: "note-text", text: note.text }),
    el("p", { class: "note-meta" },
      el("span", { class: "note-code", text: who }),
      unsaved ? el("span", { class: "unsaved-tag", text: t("Not yet saved") }) : null,
      highlighted ? el("span", { class: "hl-tag", text: `★ ${t("Highlighted")}` }) : null),
    note.flagged_unclear ? el("p", { class: "flag-tag", text: mine ? t("The moderator asks you to rewrite this note.") : t("Flagged as unclear") }) : null,
  ].filter(Boolean));
  const actions = noteActions(view, note);
  if (actions.length) {
    if (mine && open) li.append(el("span", { class: "note-grip", "aria-hidden": "true", title: t("Drag to another column"), text: "⠿" }));
    const menuOpen = view.ui.menuFor === note.id;
    const button = el("button", { type: "button", class: "note-menu-btn", "aria-expanded": menuOpen ? "true" : "false",
      "aria-label": t("Actions for note: %(text)s", { text: note.text }), "data-key": `menu-${note.id}`,
      onclick: () => view.toggleMenu(note.id) }, el("span", { "aria-hidden": "true", text: "⋯" }));
    li.append(button);
    if (menuOpen) {
      li.append(el("div", { class: "note-menu", role: "group", "aria-label": t("Note actions") },
        actions.map(([label, run, key]) => el("button", { type: "button", class: "menu-item", "data-key": `${key}-${note.id}`,
          onclick: () => { view.ui.menuFor = null; run(); view.render(); } }, label))));
    }
  }
  return li;
}

function noteActions(view, note) {
  const board = view.board;
  const actions = [];
  if (board.isMine(note) && board.notesOpen(note.statement_id)) {
    actions.push([t("Edit"), () => view.startEdit(note), "edit"]);
    for (const level of board.orderedLevels()) {
      if (level.key !== note.level) actions.push([t("Move to %(level)s", { level: level.label }), () => view.move(note, level.key), `move-${level.key}`]);
    }
    actions.push([t("Delete"), () => view.remove(note), "del"]);
  }
  if (board.cfg.role === "staff" && board.data.me.can_run) {
    const highlighted = board.session.highlighted_note_id === note.id;
    if (board.revealed(note.statement_id)) {
      actions.push([highlighted ? t("Unhighlight") : t("Highlight"),
        () => view.staffSend({ type: "note.highlight", note_id: highlighted ? null : note.id }), "hl"]);
    }
    actions.push([note.flagged_unclear ? t("Clear unclear") : t("Mark unclear"),
      () => view.staffSend({ type: "note.flag", note_id: note.id, unclear: !note.flagged_unclear }), "flag"]);
  }
  return actions;
}

/** Keyboard on a focused note: Alt+←/→ moves it, E or F2 edits, Delete deletes, M opens its menu. */
export function onNoteKey(view, event) {
  const li = event.target.closest?.(".note");
  if (!li || event.target !== li) return;
  const board = view.board;
  const note = board.data.notes.get(li.dataset.noteId);
  if (!note) return;
  if (event.key === "m" || event.key === "M" || event.key === "ContextMenu") { event.preventDefault(); view.toggleMenu(note.id); return; }
  if (!board.isMine(note) || !board.notesOpen(note.statement_id)) return;
  const levels = board.orderedLevels();
  const index = levels.findIndex((l) => l.key === note.level);
  if (event.altKey && event.key === "ArrowLeft" && index > 0) { event.preventDefault(); view.move(note, levels[index - 1].key); }
  else if (event.altKey && event.key === "ArrowRight" && index < levels.length - 1) { event.preventDefault(); view.move(note, levels[index + 1].key); }
  else if (event.key === "e" || event.key === "E" || event.key === "F2") { event.preventDefault(); view.startEdit(note); }
  else if (event.key === "Delete") { event.preventDefault(); view.remove(note); }
}

/** Pointer drag of the participant's own notes: the whole note with a mouse or pen, the grip by touch. */
export function enableDrag(view, container) {
  let drag = null;
  const laneAt = (x, y) => document.elementFromPoint(x, y)?.closest?.(".lane.open");
  container.addEventListener("pointerdown", (event) => {
    const li = event.target.closest(".note.mine");
    if (!li || event.button !== 0 || event.target.closest("button, textarea")) return;
    if (event.pointerType === "touch" && !event.target.closest(".note-grip")) return;
    const note = view.board.data.notes.get(li.dataset.noteId);
    if (!note || !view.board.notesOpen(note.statement_id)) return;
    drag = { note, li, x: event.clientX, y: event.clientY, started: false, ghost: null, over: null };
    li.setPointerCapture?.(event.pointerId);
  });
  container.addEventListener("pointermove", (event) => {
    if (!drag) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 6) return;
      drag.started = true;
      drag.li.classList.add("dragging");
      drag.ghost = drag.li.cloneNode(true);
      drag.ghost.className = `${drag.li.className} drag-ghost`;
      drag.ghost.style.width = `${drag.li.offsetWidth}px`;
      drag.ghost.removeAttribute("tabindex");
      drag.ghost.setAttribute("aria-hidden", "true");
      document.body.append(drag.ghost);
    }
    event.preventDefault();
    drag.ghost.style.transform = `translate(${event.clientX + 8}px, ${event.clientY + 8}px)`;
    const lane = laneAt(event.clientX, event.clientY);
    const target = lane && Number(lane.dataset.statement) === drag.note.statement_id ? lane : null;
    if (drag.over !== target) { drag.over?.classList.remove("drop"); target?.classList.add("drop"); drag.over = target; }
  });
  const end = (event, cancelled) => {
    if (!drag) return;
    const { note, li, started, ghost, over } = drag;
    drag = null;
    ghost?.remove();
    li.classList.remove("dragging");
    over?.classList.remove("drop");
    if (started && !cancelled && over) { event.preventDefault(); view.move(note, over.dataset.level); }
  };
  container.addEventListener("pointerup", (event) => end(event, false));
  container.addEventListener("pointercancel", (event) => end(event, true));
}

