// Draws the board from BoardState and keeps it up to date by changing only what changed: each
// statement, lane and note has one element, found again by key on every render.
import { $, attr, el, t, text, tn } from "./dom.js";
import { buildNote, enableDrag, noteSignature, onNoteKey } from "./notes.js";
import { OPEN_STEPS, UNDO_SECONDS, stepLabel } from "./state.js";

export class BoardView {
  constructor(root, board, { staffSend, sendTyping }) {
    this.root = root;
    this.board = board;
    this.staffSend = staffSend;
    this.sendTyping = sendTyping;
    this.ui = { editing: null, editingNote: null, menuFor: null, expanded: new Set() };
    this.sections = new Map(); // statement id → {node, lanes: Map(level → {node, list, add}), sig}
    this.noteNodes = new Map(); // note id → {node, sig}
    this.stageSig = null;
    this.grid = $("board");
    this.grid.addEventListener("keydown", (event) => onNoteKey(this, event));
    enableDrag(this, this.grid);
    document.addEventListener("click", (event) => {
      if (this.ui.menuFor && !event.target.closest(".note-menu, .note-menu-btn")) { this.ui.menuFor = null; this.render(); }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.ui.menuFor) {
        const id = this.ui.menuFor;
        this.ui.menuFor = null;
        this.render();
        this.grid.querySelector(`[data-key="menu-${CSS.escape(id)}"]`)?.focus();
      }
    });
    setInterval(() => { this.tick(); this.renderPresence(); }, 1000);
  }

  // ---- Actions from the page ----
  announce(message) {
    const node = $("announcer");
    if (!node) return;
    node.textContent = "";
    setTimeout(() => { node.textContent = message; }, 30);
  }
  notice(message) {
    const node = $("notice");
    node.hidden = false;
    node.replaceChildren(el("span", { text: message }),
      el("button", { type: "button", class: "small-btn", text: t("Dismiss"), onclick: () => { node.hidden = true; } }));
  }
  toggleMenu(id) {
    this.ui.menuFor = this.ui.menuFor === id ? null : id;
    this.render();
    if (this.ui.menuFor) this.grid.querySelector(`.note[data-note-id="${CSS.escape(id)}"] .menu-item`)?.focus();
  }
  startEdit(note) {
    this.ui.editingNote = note.id;
    this.ui.editing = null;
    this.render();
    this.grid.querySelector(`.note[data-note-id="${CSS.escape(note.id)}"] textarea`)?.focus();
  }
  move(note, level) {
    if (this.board.moveNote(note, level)) this.render();
    this.grid.querySelector(`.note[data-note-id="${CSS.escape(note.id)}"]`)?.focus();
  }
  remove(note) {
    const toast = $("toast");
    this.board.deleteNote(note, () => { if (toast.dataset.note === note.id) toast.hidden = true; this.render(); });
    toast.dataset.note = note.id;
    toast.hidden = false;
    toast.replaceChildren(
      el("span", { text: t("Note deleted.") }),
      el("button", { type: "button", class: "small-btn", "data-key": "undo", text: t("Undo"), onclick: () => {
        this.board.undoDelete(note.id);
        toast.hidden = true;
        this.render();
        this.grid.querySelector(`.note[data-note-id="${CSS.escape(note.id)}"]`)?.focus();
      } }),
      el("span", { class: "muted small", text: tn("(%(count)s second)", "(%(count)s seconds)", UNDO_SECONDS) }));
    this.announce(t("Note deleted. Undo is offered for a few seconds."));
    this.render();
    toast.querySelector("button")?.focus();
  }
  openAdd(statementId, level) {
    this.ui.editing = { statement: statementId, level };
    this.ui.editingNote = null;
    this.render();
    this.lane(statementId, level)?.add.querySelector("textarea")?.focus();
  }

  /** A note editor: Ctrl/⌘+Enter saves, Escape cancels; typing tells others someone is writing. */
  editor(labelText, value, onSave, key, statementId) {
    const id = `ed-${key}`;
    const area = el("textarea", { id, maxlength: String(this.board.cfg.noteMax), rows: "3", "data-key": id,
      oninput: () => this.sendTyping(statementId) });
    area.value = value;
    const close = () => { this.ui.editing = null; this.ui.editingNote = null; };
    const save = () => {
      const value = area.value.trim();
      if (!value) { this.notice(t("A note needs some text.")); area.focus(); return; }
      close();
      onSave(value);
      this.render();
    };
    const cancel = () => { close(); this.render(); };
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") cancel();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) save();
    });
    return el("div", { class: "editor" }, el("label", { for: id, text: labelText }), area,
      el("div", { class: "editor-actions" },
        el("button", { type: "button", class: "primary small-btn", onclick: save, text: t("Save") }),
        el("button", { type: "button", class: "small-btn", onclick: cancel, text: t("Cancel") })));
  }

  // ---- Rendering ----
  render() {
    if (!this.board.data) return;
    this.renderStage();
    this.renderGrid();
    this.renderPending();
    this.renderPresence();
  }

  renderPending() {
    const count = this.board.pending.length;
    text($("pending-count"), count ? tn("%(count)s change not yet saved", "%(count)s changes not yet saved", count) : "");
  }

  renderPresence() {
    const node = $("presence");
    if (!node || !this.board.data) return;
    const parts = [];
    if (this.board.onlineCount !== null) parts.push(tn("%(count)s participant online", "%(count)s participants online", this.board.onlineCount));
    const typing = this.board.someoneTyping();
    if (typing) parts.push(typing > 1 && this.board.cfg.role === "staff" ? t("%(count)s people are writing…", { count: typing }) : t("Someone is writing…"));
    text(node, parts.join(" · "));
    node.classList.toggle("is-typing", typing > 0);
  }

  stageHint() {
    const board = this.board;
    const s = board.session;
    if (s.ended) return t("The session has ended. Thank you for taking part.");
    if (board.removed) return t("You were removed from this session: you can no longer add notes.");
    if (s.locked) return t("The board is locked: notes are closed for now.");
    if (board.timeUp() && OPEN_STEPS.has(s.step)) return t("Time is up: notes are closed.");
    if (s.step === "introduce") return t("Listen to the statement. Notes open at the next step.");
    if (s.step === "comment") return board.isParticipant() ? t("Add your notes to the columns that match your opinion.") : t("Participants are adding notes.");
    return t("All notes are revealed: discuss them together.");
  }

  renderStage() {
    const board = this.board;
    const s = board.session;
    const stage = $("stage");
    const active = board.statement(s.active_statement_id);
    const highlighted = s.highlighted_note_id && board.data.notes.get(s.highlighted_note_id);
    const mine = board.isParticipant() ? board.visibleNotes().filter((n) => n.statement_id === active?.id && board.isMine(n)).length : 0;
    const others = active ? (board.data.totals[active.id] || 0) - mine : 0;
    const showHidden = board.isParticipant() && others > 0 && active && !board.revealed(active.id);
    const sig = JSON.stringify([active?.id, s.step, s.locked, s.ended, board.removed, s.step_deadline, board.timeUp(),
      highlighted ? [highlighted.id, highlighted.text, highlighted.level, highlighted.code] : null, showHidden ? others : 0]);
    if (sig === this.stageSig) return;
    this.stageSig = sig;
    if (!active) {
      stage.className = "stage";
      stage.replaceChildren(el("h2", { id: "stage-title", text: s.ended ? t("The session has ended") : t("Waiting for the moderator") }),
        el("p", { class: "muted", text: s.ended ? this.stageHint() : t("The first statement will appear here.") }));
      return;
    }
    stage.className = `stage stage-${s.step}${s.locked ? " stage-locked" : ""}`;
    stage.replaceChildren(...[
      el("p", { class: "stage-step" },
        el("span", { class: `step-badge step-${s.step}`, text: t("Step %(step)s", { step: stepLabel(this.board.cfg, s.step) }) }),
        s.locked ? el("span", { class: "lock-badge", text: `🔒 ${t("Locked")}` }) : null,
        el("span", { id: "countdown", class: "countdown", "data-deadline": s.step_deadline || "" })),
      el("h2", { id: "stage-title", class: "stage-title" }, el("span", { class: "stage-key", text: active.key }), " ", active.title || ""),
      el("p", { class: "stage-text", text: active.text }),
      el("p", { class: `stage-hint${s.locked || board.removed || board.timeUp() ? " stage-warn" : ""}`, text: this.stageHint() }),
      showHidden ? el("p", { class: "hidden-count", text: tn("%(count)s note from others, hidden until the discussion.", "%(count)s notes from others, hidden until the discussion.", others) }) : null,
      highlighted ? el("p", { class: "stage-highlight" }, el("strong", { text: `${t("Highlighted:")} ` }),
        `“${highlighted.text}” (${board.authorName(highlighted)}, ${board.levelLabel(highlighted.level)})`) : null,
    ].filter(Boolean));
    this.tick();
  }

  tick() {
    const node = $("countdown");
    if (!node) return;
    const deadline = node.dataset.deadline ? Date.parse(node.dataset.deadline) : null;
    const stage = $("stage");
    if (!deadline) { text(node, ""); stage.classList.remove("time-up"); return; }
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    const closes = this.board.session.timer_closes_notes && OPEN_STEPS.has(this.board.session.step);
    let label;
    if (left) label = `${closes ? t("Notes close in") : t("Time left")} ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    else label = closes ? t("Time is up: notes are closed") : t("Time is up");
    text(node, label);
    stage.classList.toggle("time-up", left === 0);
    // When the timer closes notes, the add buttons go at zero without waiting for the server.
    const timeUp = this.board.timeUp();
    if (timeUp !== this.lastTimeUp) { this.lastTimeUp = timeUp; this.render(); }
  }

  lane(statementId, level) { return this.sections.get(statementId)?.lanes.get(level); }

  ensureSections() {
    const board = this.board;
    const levels = board.orderedLevels();
    const layout = JSON.stringify([board.data.statements.map((s) => [s.id, s.key, s.title, s.text]), levels]);
    if (layout === this.layout) return;
    this.layout = layout;
    this.sections.clear();
    this.noteNodes.clear();
    const header = el("div", { class: "board-cols", "aria-hidden": "true" }, el("span", { class: "col-stmt", text: t("Statement") }),
      levels.map((l) => el("span", { class: `col-level${l.off_scale ? " off-scale" : ""}`, text: l.label })));
    const sections = board.data.statements.map((s) => {
      const lanes = new Map();
      const laneNodes = levels.map((l) => {
        const list = el("ul", { class: "notes", "aria-label": t("Notes in %(statement)s, %(level)s", { statement: s.key, level: l.label }) });
        const add = el("div", { class: "lane-add" });
        const node = el("div", { class: `lane${l.off_scale ? " off-scale" : ""}`, "data-level": l.key, "data-statement": s.id,
          role: "group", "aria-labelledby": `lane-${s.id}-${l.key}` },
        el("h4", { class: "lane-name", id: `lane-${s.id}-${l.key}`, text: l.label }), list, add);
        lanes.set(l.key, { node, list, add, sig: null });
        return node;
      });
      const count = el("span", { class: "stmt-count muted" });
      const toggle = el("button", { type: "button", class: "stmt-toggle small-btn", "aria-expanded": "false", "aria-controls": `lanes-${s.id}`,
        onclick: () => { if (this.ui.expanded.has(s.id)) this.ui.expanded.delete(s.id); else this.ui.expanded.add(s.id); this.render(); } });
      const node = el("section", { class: "stmt", "data-statement": s.id, "aria-labelledby": `stmt-${s.id}-title` },
        el("div", { class: "stmt-head" },
          el("h3", { id: `stmt-${s.id}-title`, class: "stmt-name" }, el("span", { class: "stmt-key", text: s.key }), " ",
            el("span", { class: "stmt-title", text: s.title || s.text })),
          el("span", { class: "active-tag", text: t("Active") }), count, toggle),
        el("div", { class: "lanes", id: `lanes-${s.id}` }, laneNodes));
      this.sections.set(s.id, { node, lanes, count, toggle });
      return node;
    });
    const past = el("h2", { class: "past-heading", id: "past-heading", text: t("Other statements") });
    this.grid.style.setProperty("--levels", String(levels.length));
    this.grid.replaceChildren(header, past, ...sections);
  }

  renderGrid() {
    const board = this.board;
    this.ensureSections();
    const s = board.session;
    for (const statement of board.data.statements) {
      const section = this.sections.get(statement.id);
      const active = statement.id === s.active_statement_id;
      section.node.classList.toggle("is-active", active);
      attr(section.node, "aria-current", active ? "true" : null);
      const expanded = active || this.ui.expanded.has(statement.id);
      section.node.classList.toggle("is-expanded", expanded);
      attr(section.toggle, "aria-expanded", expanded ? "true" : "false");
      text(section.toggle, expanded ? t("Hide notes") : t("Show notes"));
      const total = board.data.totals[statement.id] || 0;
      text(section.count, tn("%(count)s note", "%(count)s notes", total));
      for (const [levelKey, lane] of section.lanes) this.renderLaneAdd(statement, levelKey, lane);
    }
    // Notes: create, update or move only the ones that changed; drop the ones gone.
    const seen = new Set();
    const notes = board.visibleNotes().sort((a, b) => (a.created_at || "").localeCompare(b.created_at || ""));
    for (const note of notes) {
      const lane = this.lane(note.statement_id, note.level);
      if (!lane) continue;
      seen.add(note.id);
      const known = this.noteNodes.get(note.id);
      const sig = noteSignature(board, note, this.ui);
      if (!known || known.sig !== sig) {
        const node = buildNote(this, note);
        this.noteNodes.set(note.id, { node, sig });
      }
      const node = this.noteNodes.get(note.id).node;
      if (node.parentNode !== lane.list) lane.list.append(node);
    }
    for (const [id, { node }] of this.noteNodes) {
      if (!seen.has(id)) { node.remove(); this.noteNodes.delete(id); }
    }
  }

  renderLaneAdd(statement, levelKey, lane) {
    const open = this.board.notesOpen(statement.id);
    const editing = open && this.ui.editing?.statement === statement.id && this.ui.editing?.level === levelKey;
    const sig = `${open}:${editing}`;
    lane.node.classList.toggle("open", open);
    if (lane.sig === sig) return;
    lane.sig = sig;
    const label = this.board.levelLabel(levelKey);
    if (editing) {
      lane.add.replaceChildren(this.editor(t("Your note in %(level)s", { level: label }), "",
        (value) => this.board.createNote(statement.id, levelKey, value), `new-${statement.id}-${levelKey}`, statement.id));
    } else if (open) {
      lane.add.replaceChildren(el("button", { type: "button", class: "add-btn", "data-key": `add-${statement.id}-${levelKey}`,
        "aria-label": t("Add note in %(level)s", { level: label }), onclick: () => this.openAdd(statement.id, levelKey) },
      el("span", { "aria-hidden": "true", text: "+ " }), t("Add note")));
    } else {
      lane.add.replaceChildren();
    }
  }
}

