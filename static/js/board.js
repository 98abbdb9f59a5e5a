// The live board in the browser: renders what the server sends, queues the participant's changes
// in localStorage until the server confirms them, and resyncs after every reconnect.
// Protocol: docs/websocket-protocol.md. Plain modern JavaScript, no build step.
(() => {
  "use strict";
  const root = document.getElementById("board-app");
  if (!root) return;
  const cfg = {
    sessionId: Number(root.dataset.sessionId),
    wsPath: root.dataset.wsPath,
    role: root.dataset.role,
    storeKey: `fg:${root.dataset.sessionId}:${root.dataset.storeKey}`,
  };
  const STEP_LABELS = { introduce: "1 · Introduce", comment: "2 · Add comments", discuss: "3 · Discuss" };
  const OPEN_STEPS = new Set(["comment", "discuss"]);
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  };
  const uuid = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

  // ---- State ------------------------------------------------------------------------------
  let state = null; // {session, statements, levels, participants, me, notes: Map, totals}
  let lastSeq = null;
  let pending = load("pending") || []; // ops not yet confirmed, oldest first
  let inFlight = null; // ref of the op on the wire
  const online = new Set();
  const ui = { editing: null, draft: "", dragging: null };
  let ws = null;
  let synced = false;
  const RETRY_MIN = 250;
  const RETRY_MAX = 2000;
  const ANSWER_WAIT_MS = 8000;
  let retry = RETRY_MIN;
  let later = null;
  let refused = false;

  function load(name) {
    try { return JSON.parse(localStorage.getItem(`${cfg.storeKey}:${name}`)); } catch { return null; }
  }
  function save(name, value) {
    try { localStorage.setItem(`${cfg.storeKey}:${name}`, JSON.stringify(value)); } catch { /* full */ }
  }
  function persist() {
    save("pending", pending);
    if (state) save("state", { ...state, notes: [...state.notes.values()], lastSeq });
  }
  function adopt(raw) {
    state = { ...raw, notes: new Map(raw.notes.map((n) => [n.id, n])), totals: { ...(raw.note_totals || raw.totals || {}) } };
    for (const n of state.notes.values()) n.confirmedVersion ??= n.version;
  }

  // ---- Connection ---------------------------------------------------------------------------
  function setConn(kind, text) {
    const node = $("conn");
    node.className = `conn conn-${kind}`;
    node.textContent = text;
    root.dataset.conn = kind;
  }
  function connect() {
    if (refused || (ws && ws.readyState <= 1)) return;
    if (!navigator.onLine) { setConn("offline", "Offline: your changes are kept on this device and sent when you are back."); return; }
    setConn("connecting", "Connecting…");
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${cfg.wsPath}`);
    ws = socket;
    socket.onopen = () => { retry = RETRY_MIN; synced = false; inFlight = null; socket.send(JSON.stringify({ type: "sync", last_seq: state ? lastSeq : null })); };
    socket.onmessage = (msg) => { let data; try { data = JSON.parse(msg.data); } catch { return; } handle(data); };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = null; synced = false; inFlight = null;
      if (event.code === 4403) { refused = true; setConn("refused", "This board is closed to this browser (removed, or the link is no longer valid)."); return; }
      if (!navigator.onLine) { setConn("offline", "Offline: your changes are kept on this device and sent when you are back."); return; }
      setConn("connecting", "Connection lost: reconnecting…");
      later = setTimeout(connect, retry * (0.75 + Math.random() / 2));
      retry = Math.min(retry * 2, RETRY_MAX);
    };
  }
  // A change made while disconnected, or a page coming back, reconnects now rather than after
  // the back-off (a restarted server serves a returning browser at once).
  function reconnectNow() {
    if (refused || (ws && ws.readyState <= 1)) return;
    clearTimeout(later); retry = RETRY_MIN; connect();
  }
  // An operation unanswered for a while means a dead socket (a server gone without closing it):
  // drop it, reconnect, and the outbox resends the operation after the sync.
  function watchAnswer(ref) {
    setTimeout(() => { if (inFlight === ref && ws) { const s = ws; ws = null; synced = false; inFlight = null; s.close(); reconnectNow(); } }, ANSWER_WAIT_MS);
  }
  document.addEventListener("visibilitychange", () => { if (!document.hidden) reconnectNow(); });
  window.addEventListener("offline", () => { if (ws) { const s = ws; ws = null; s.close(); } synced = false; inFlight = null; setConn("offline", "Offline: your changes are kept on this device and sent when you are back."); });
  window.addEventListener("online", reconnectNow);
  function send(message) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(message)); }

  // ---- Server messages ---------------------------------------------------------------------
  function handle(msg) {
    switch (msg.type) {
      case "snapshot":
        adopt(msg.state);
        lastSeq = msg.state.session.last_seq;
        replayPending();
        break;
      case "event":
        if (lastSeq !== null && msg.seq <= lastSeq) return;
        if (lastSeq !== null && msg.seq > lastSeq + 1) { send({ type: "sync", last_seq: lastSeq }); return; }
        apply(msg);
        lastSeq = msg.seq;
        break;
      case "synced":
        lastSeq = msg.last_seq; synced = true;
        setConn("online", "Connected");
        flush();
        break;
      case "ack": onAck(msg); break;
      case "error": onError(msg); break;
      case "presence": online.clear(); msg.online.forEach((id) => online.add(id)); break;
      default: return;
    }
    persist();
    render();
  }

  function upsert(note) {
    const old = state.notes.get(note.id);
    if (old && old.confirmedVersion > note.version) return;
    const merged = { ...note, confirmedVersion: note.version };
    if (note.deleted) { state.notes.delete(note.id); return; }
    state.notes.set(note.id, merged);
  }

  function apply(ev) {
    const d = ev.data;
    const s = state.session;
    switch (ev.event) {
      case "note.created": case "note.edited": case "note.moved": case "note.flagged": case "note.deleted":
        if (!hasPendingFor(d.note.id)) upsert(d.note);
        else { const n = state.notes.get(d.note.id); if (n) { n.confirmedVersion = d.note.version; n.flagged_unclear = d.note.flagged_unclear; } }
        state.totals[d.note.statement_id] = d.note_total;
        break;
      case "note.hidden": state.totals[d.statement_id] = d.note_total; break;
      case "step.set":
        if (s.active_statement_id !== d.statement_id || s.step !== d.step) announce(`${stmtName(d.statement_id)}: ${STEP_LABELS[d.step]}`);
        s.active_statement_id = d.statement_id; s.step = d.step; s.step_deadline = d.deadline; s.revealed = d.revealed;
        if (d.notes) d.notes.forEach((n) => { if (!hasPendingFor(n.id)) upsert(n); });
        break;
      case "board.locked": s.locked = d.locked; announce(d.locked ? "The board is locked." : "The board is open."); break;
      case "note.highlighted": s.highlighted_note_id = d.note_id; break;
      case "participant.joined": if (!state.participants.some((p) => p.id === d.participant.id)) state.participants.push(d.participant); break;
      case "participant.removed": state.participants = state.participants.filter((p) => p.id !== d.participant_id); break;
      default: break;
    }
  }

  // ---- Local changes (queued, optimistic) -----------------------------------------------------
  const isParticipant = () => cfg.role === "participant" && state && state.me.role === "participant";
  const hasPendingFor = (id) => pending.some((op) => (op.id || op.note_id) === id);
  function queue(op) {
    op.ref = uuid();
    pending.push(op);
    persist();
    if (!ws) reconnectNow();
    flush();
  }
  function flush() {
    if (!synced || inFlight || !pending.length) return;
    const op = pending[0];
    const wire = { ...op };
    delete wire.local;
    if (wire.base_version === null) wire.base_version = state.notes.get(op.note_id)?.confirmedVersion ?? 1;
    inFlight = op.ref;
    send(wire);
    watchAnswer(op.ref);
  }
  function replayPending() {
    for (const op of pending) {
      const note = state.notes.get(op.id || op.note_id);
      if (op.type === "note.create" && !note) state.notes.set(op.id, { ...op.local, confirmedVersion: 0 });
      else if (note && op.type === "note.edit") note.text = op.text;
      else if (note && op.type === "note.move") note.level = op.level;
      else if (note && op.type === "note.delete") state.notes.delete(note.id);
    }
  }
  function onAck(msg) {
    pending = pending.filter((op) => op.ref !== msg.ref);
    if (inFlight === msg.ref) inFlight = null;
    if (msg.note) {
      const local = state.notes.get(msg.note.id);
      if (msg.note.deleted) state.notes.delete(msg.note.id);
      else if (!hasPendingFor(msg.note.id)) state.notes.set(msg.note.id, { ...msg.note, confirmedVersion: msg.note.version });
      else if (local) local.confirmedVersion = msg.note.version;
    }
    if (msg.op === "note.create") announce("Note saved.");
    setTimeout(flush, 0);
  }
  function onError(msg) {
    const op = pending.find((o) => o.ref === msg.ref);
    if (op) {
      pending = pending.filter((o) => o.ref !== msg.ref);
      if (inFlight === msg.ref) inFlight = null;
      const id = op.id || op.note_id;
      if (msg.current && !msg.current.deleted) state.notes.set(id, { ...msg.current, confirmedVersion: msg.current.version });
      else if (op.type === "note.create" && !msg.current) state.notes.delete(id);
      else if (msg.current && msg.current.deleted) state.notes.delete(id);
      const extra = msg.current && !msg.current.deleted ? ` Current text: “${msg.current.text}”.` : "";
      notice(`Not saved: ${msg.message}${extra}`);
      setTimeout(flush, 0);
    } else {
      notice(msg.message);
    }
  }

  function createNote(statementId, level, text) {
    const id = uuid();
    const me = state.me;
    const local = { id, statement_id: statementId, level, text, version: 1, participant_id: me.id, code: me.code, color: me.color, flagged_unclear: false };
    state.notes.set(id, { ...local, confirmedVersion: 0 });
    queue({ type: "note.create", id, statement_id: statementId, level, text, local });
  }
  function editNote(note, text) {
    note.text = text;
    const create = pending.find((op) => op.type === "note.create" && op.id === note.id && op.ref !== inFlight);
    if (create) { create.text = text; create.local.text = text; persist(); return; }
    const waiting = pending.find((op) => op.type === "note.edit" && op.note_id === note.id && op.ref !== inFlight);
    if (waiting) { waiting.text = text; persist(); return; }
    queue({ type: "note.edit", note_id: note.id, text, base_version: hasPendingFor(note.id) ? null : note.confirmedVersion });
  }
  function moveNote(note, level) {
    if (note.level === level) return;
    note.level = level;
    const create = pending.find((op) => op.type === "note.create" && op.id === note.id && op.ref !== inFlight);
    if (create) { create.level = level; create.local.level = level; persist(); render(); return; }
    queue({ type: "note.move", note_id: note.id, level, base_version: hasPendingFor(note.id) ? null : note.confirmedVersion });
    announce(`Note moved to ${levelLabel(level)}.`);
    render();
  }
  function deleteNote(note) {
    state.notes.delete(note.id);
    const create = pending.find((op) => op.type === "note.create" && op.id === note.id);
    if (create && create.ref !== inFlight) { pending = pending.filter((op) => op !== create && op.note_id !== note.id); persist(); render(); return; }
    queue({ type: "note.delete", note_id: note.id, base_version: hasPendingFor(note.id) ? null : note.confirmedVersion });
    announce("Note deleted.");
    render();
  }

  // ---- Rendering -------------------------------------------------------------------------------
  const stmt = (id) => state.statements.find((s) => s.id === id);
  const stmtName = (id) => { const s = stmt(id); return s ? `${s.key}${s.title ? ` · ${s.title}` : ""}` : ""; };
  const levelLabel = (key) => state.levels.find((l) => l.key === key)?.label ?? key;
  const orderedLevels = () => [...state.levels.filter((l) => !l.off_scale), ...state.levels.filter((l) => l.off_scale)];
  const isMine = (note) => isParticipant() && note.participant_id === state.me.id;
  const notesOpen = (statementId) =>
    isParticipant() && !state.session.locked && state.session.active_statement_id === statementId && OPEN_STEPS.has(state.session.step);
  function authorName(note) {
    if (isMine(note)) return `You (${note.code})`;
    return note.code || "Another participant";
  }

  function announce(text) { const a = $("announcer"); if (a) { a.textContent = ""; setTimeout(() => { a.textContent = text; }, 30); } }
  function notice(text) {
    const n = $("notice");
    n.hidden = false;
    n.replaceChildren(el("span", { text }), el("button", { type: "button", class: "small-btn", text: "Dismiss", onclick: () => { n.hidden = true; } }));
  }

  function render() {
    if (!state) return;
    const focusKey = document.activeElement?.dataset?.key;
    renderStage();
    renderGrid();
    renderPending();
    if (cfg.role === "staff") renderConsole();
    if (focusKey) {
      const again = root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) || document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
      if (again) again.focus();
    }
  }

  function renderPending() {
    const count = pending.length;
    $("pending-count").textContent = count ? `${count} change${count > 1 ? "s" : ""} not yet saved` : "";
  }

  function renderStage() {
    const s = state.session;
    const stage = $("stage");
    const active = stmt(s.active_statement_id);
    if (!active) {
      stage.className = "stage";
      stage.replaceChildren(el("h2", { id: "stage-title", text: "Waiting for the moderator" }), el("p", { class: "muted", text: "The first statement will appear here." }));
      return;
    }
    stage.className = `stage stage-${s.step}`;
    const highlighted = s.highlighted_note_id && state.notes.get(s.highlighted_note_id);
    const mineOnActive = isParticipant() ? [...state.notes.values()].filter((n) => n.statement_id === active.id && isMine(n)).length : 0;
    const others = (state.totals[active.id] || 0) - mineOnActive;
    const hint = {
      introduce: "Listen to the statement. Notes open at the next step.",
      comment: isParticipant() ? "Add your notes to the columns that match your opinion." : "Participants are adding notes.",
      discuss: "All notes are revealed: discuss them together.",
    }[s.step];
    stage.replaceChildren(...[
      el("p", { class: "stage-step" },
        el("span", { class: `step-badge step-${s.step}`, text: `Step ${STEP_LABELS[s.step]}` }),
        s.locked ? el("span", { class: "lock-badge", text: "Board locked: notes are closed" }) : null,
        el("span", { id: "countdown", class: "countdown", "data-deadline": s.step_deadline || "" })),
      el("h2", { id: "stage-title", class: "stage-title" }, el("span", { class: "stage-key", text: active.key }), " ", active.title || ""),
      el("p", { class: "stage-text", text: active.text }),
      el("p", { class: "muted stage-hint", text: hint }),
      isParticipant() && others > 0 && !s.revealed.includes(active.id) && state.session.reveal_policy !== "live"
        ? el("p", { class: "hidden-count", text: `${others} note${others > 1 ? "s" : ""} from others, hidden until the discussion.` }) : null,
      highlighted ? el("p", { class: "stage-highlight" }, el("strong", { text: "Highlighted: " }), `“${highlighted.text}” (${authorName(highlighted)}, ${levelLabel(highlighted.level)})`) : null,
    ].filter(Boolean));
    tick();
  }

  function tick() {
    const node = $("countdown");
    if (!node) return;
    const deadline = node.dataset.deadline ? Date.parse(node.dataset.deadline) : null;
    if (!deadline) { node.textContent = ""; return; }
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    node.textContent = left ? `Time left ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}` : "Time is up";
  }
  setInterval(tick, 1000);

  function renderGrid() {
    const grid = $("grid");
    const levels = orderedLevels();
    const head = el("tr", {}, el("th", { scope: "col", class: "stmt-col", text: "Statement" }),
      levels.map((l) => el("th", { scope: "col", class: l.off_scale ? "off-scale" : null, text: l.label })));
    const rows = state.statements.map((s) => {
      const active = s.id === state.session.active_statement_id;
      const total = state.totals[s.id] || 0;
      const visible = [...state.notes.values()].filter((n) => n.statement_id === s.id);
      return el("tr", { class: active ? "active-row" : null, "aria-current": active ? "true" : null },
        el("th", { scope: "row", class: "stmt-col" },
          el("span", { class: "stmt-key", text: s.key }), " ", el("span", { class: "stmt-title", text: s.title || s.text }),
          active ? el("span", { class: "active-tag", text: "Active" }) : null,
          el("span", { class: "stmt-count muted", text: `${total} note${total === 1 ? "" : "s"}` })),
        levels.map((l) => renderCell(s, l, visible.filter((n) => n.level === l.key))));
    });
    grid.replaceChildren(el("caption", { class: "visually-hidden", text: "Notes by statement (rows) and column" }), el("thead", {}, head), el("tbody", {}, rows));
  }

  function renderCell(statement, level, notes) {
    const open = notesOpen(statement.id);
    const label = `${statement.key}, ${level.label}`;
    const cell = el("td", { class: `cell${level.off_scale ? " off-scale" : ""}${open ? " open" : ""}`, "data-level": level.key, "data-statement": statement.id },
      el("ul", { class: "notes", "aria-label": `Notes in ${label}` }, notes.map((n) => renderNote(n))));
    if (open) {
      const editing = ui.editing && ui.editing.kind === "new" && ui.editing.statement === statement.id && ui.editing.level === level.key;
      if (editing) cell.append(editor(`Your note in ${level.label}`, ui.draft, (text) => { createNote(statement.id, level.key, text); }, `new-${level.key}`));
      else cell.append(el("button", { type: "button", class: "add-btn", "data-key": `add-${statement.id}-${level.key}`, "aria-label": `Add note in ${level.label}`,
        onclick: () => { ui.editing = { kind: "new", statement: statement.id, level: level.key }; ui.draft = ""; render(); root.querySelector("textarea")?.focus(); } }, el("span", { "aria-hidden": "true", text: "+ " }), "Add note"));
      cell.addEventListener("dragover", (e) => { if (ui.dragging) { e.preventDefault(); cell.classList.add("drop"); } });
      cell.addEventListener("dragleave", () => cell.classList.remove("drop"));
      cell.addEventListener("drop", (e) => { e.preventDefault(); cell.classList.remove("drop"); const n = state.notes.get(ui.dragging); ui.dragging = null; if (n) moveNote(n, level.key); });
    }
    return cell;
  }

  function editor(labelText, value, onSave, key) {
    const id = `ed-${key}`;
    const area = el("textarea", { id, maxlength: "2000", rows: "3", "data-key": id, oninput: (e) => { ui.draft = e.target.value; } });
    area.value = value;
    const save = () => { const text = area.value.trim(); if (!text) { notice("A note needs some text."); area.focus(); return; } ui.editing = null; ui.draft = ""; onSave(text); render(); };
    const cancel = () => { ui.editing = null; ui.draft = ""; render(); };
    area.addEventListener("keydown", (e) => {
      if (e.key === "Escape") cancel();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) save();
    });
    return el("div", { class: "editor" }, el("label", { for: id, text: labelText }), area,
      el("div", { class: "editor-actions" },
        el("button", { type: "button", class: "primary small-btn", onclick: save, text: "Save" }),
        el("button", { type: "button", class: "small-btn", onclick: cancel, text: "Cancel" })));
  }

  function renderNote(note) {
    const mine = isMine(note);
    const open = notesOpen(note.statement_id);
    const unsaved = hasPendingFor(note.id);
    const highlighted = state.session.highlighted_note_id === note.id;
    if (ui.editing && ui.editing.kind === "edit" && ui.editing.id === note.id && mine && open) {
      return el("li", { class: "note editing", style: `--note: ${note.color}` },
        editor("Edit your note", ui.draft, (text) => editNote(note, text), note.id));
    }
    const levels = orderedLevels();
    const index = levels.findIndex((l) => l.key === note.level);
    const prev = levels[index - 1];
    const next = levels[index + 1];
    const who = authorName(note);
    const li = el("li", {
      class: `note${mine ? " mine" : ""}${unsaved ? " unsaved" : ""}${highlighted ? " highlighted" : ""}${note.flagged_unclear ? " flagged" : ""}`,
      style: `--note: ${note.color}`,
      tabindex: mine || cfg.role === "staff" ? "0" : null,
      "data-key": `note-${note.id}`,
      "data-note-id": note.id,
      "aria-label": `Note by ${who} in ${levelLabel(note.level)}${unsaved ? ", not yet saved" : ""}${highlighted ? ", highlighted" : ""}${note.flagged_unclear ? ", flagged as unclear" : ""}: ${note.text}`,
      draggable: mine && open ? "true" : null,
    },
      el("p", { class: "note-text", text: note.text }),
      el("p", { class: "note-meta" },
        el("span", { class: "note-code", text: who }),
        unsaved ? el("span", { class: "unsaved-tag", text: "Not yet saved" }) : null,
        highlighted ? el("span", { class: "hl-tag", text: "★ Highlighted" }) : null),
      note.flagged_unclear ? el("p", { class: "flag-tag", text: mine ? "The moderator asks you to rewrite this note." : "Flagged as unclear" }) : null);
    if (mine && open) {
      li.addEventListener("dragstart", (e) => { ui.dragging = note.id; e.dataTransfer.setData("text/plain", note.id); });
      li.addEventListener("dragend", () => { ui.dragging = null; });
      li.addEventListener("keydown", (e) => {
        if (e.target !== li) return;
        if (e.altKey && e.key === "ArrowLeft" && prev) { e.preventDefault(); moveNote(note, prev.key); }
        else if (e.altKey && e.key === "ArrowRight" && next) { e.preventDefault(); moveNote(note, next.key); }
        else if (e.key === "e" || e.key === "E" || e.key === "F2") { e.preventDefault(); startEdit(note); }
        else if (e.key === "Delete") { e.preventDefault(); deleteNote(note); }
      });
      li.append(el("div", { class: "note-actions" },
        el("button", { type: "button", class: "small-btn", "data-key": `edit-${note.id}`, "aria-label": `Edit note: ${note.text}`, onclick: () => startEdit(note) }, "Edit"),
        prev ? el("button", { type: "button", class: "small-btn", "data-key": `prev-${note.id}`, "aria-label": `Move to ${prev.label}`, title: `Move to ${prev.label}`, onclick: () => moveNote(note, prev.key) }, "◀") : null,
        next ? el("button", { type: "button", class: "small-btn", "data-key": `next-${note.id}`, "aria-label": `Move to ${next.label}`, title: `Move to ${next.label}`, onclick: () => moveNote(note, next.key) }, "▶") : null,
        el("button", { type: "button", class: "small-btn danger-btn", "data-key": `del-${note.id}`, "aria-label": `Delete note: ${note.text}`, onclick: () => deleteNote(note) }, "Delete")));
    }
    if (cfg.role === "staff" && state.me.can_run) {
      const revealed = state.session.revealed.includes(note.statement_id) || state.session.reveal_policy === "live";
      li.append(el("div", { class: "note-actions" },
        revealed ? el("button", { type: "button", class: "small-btn", "data-key": `hl-${note.id}`, "aria-pressed": highlighted ? "true" : "false",
          onclick: () => staffSend({ type: "note.highlight", note_id: highlighted ? null : note.id }) }, highlighted ? "Unhighlight" : "Highlight") : null,
        el("button", { type: "button", class: "small-btn", "data-key": `flag-${note.id}`, "aria-pressed": note.flagged_unclear ? "true" : "false",
          onclick: () => staffSend({ type: "note.flag", note_id: note.id, unclear: !note.flagged_unclear }) }, note.flagged_unclear ? "Clear unclear" : "Unclear")));
    }
    return li;
  }

  function startEdit(note) {
    ui.editing = { kind: "edit", id: note.id };
    ui.draft = note.text;
    render();
    const area = root.querySelector(".note.editing textarea");
    if (area) area.focus();
  }

  // ---- Moderator console -----------------------------------------------------------------------
  function staffSend(message) {
    if (!ws || ws.readyState !== 1) { notice("Not connected: try again in a moment."); return; }
    send({ ...message, ref: uuid() });
  }
  function renderConsole() {
    const s = state.session;
    const select = $("ctl-statement");
    if (select && !select.dataset.touched && s.active_statement_id) select.value = String(s.active_statement_id);
    document.querySelectorAll(".step-btn").forEach((b) => {
      const current = select && Number(select.value) === s.active_statement_id && b.dataset.step === s.step;
      b.setAttribute("aria-pressed", current ? "true" : "false");
    });
    const lock = $("ctl-lock");
    if (lock) { lock.textContent = s.locked ? "Unlock the board" : "Lock the board"; lock.setAttribute("aria-pressed", s.locked ? "true" : "false"); }
    const status = $("ctl-status");
    if (status) status.textContent = s.active_statement_id ? `Now: ${stmtName(s.active_statement_id)}, step ${STEP_LABELS[s.step]}${s.locked ? ", locked" : ""}.` : "Not started.";
    const body = $("people-body");
    if (!body) return;
    const posted = new Set([...state.notes.values()].filter((n) => n.statement_id === s.active_statement_id).map((n) => n.participant_id));
    for (const p of state.participants) {
      let row = body.querySelector(`tr[data-participant="${p.id}"]`);
      if (!row) {
        body.querySelector("td[colspan]")?.closest("tr")?.remove();
        row = el("tr", { "data-participant": p.id },
          el("td", {}, el("span", { class: "chip", style: `--chip: ${p.color}`, text: p.code })),
          el("td", { class: "online-cell" }), el("td", { class: "posted-cell" }),
          state.me.can_run ? el("td", {}, el("button", { type: "button", class: "small-btn", "aria-label": `Remove ${p.code}`,
            onclick: () => { if (confirm(`Remove ${p.code} from the session?`)) staffSend({ type: "participant.remove", participant_id: p.id }); } }, "Remove")) : null);
        body.append(row);
      }
      row.querySelector(".online-cell").textContent = online.has(p.id) ? "● Online" : "○ Offline";
      row.querySelector(".online-cell").className = `online-cell ${online.has(p.id) ? "is-online" : "is-offline"}`;
      row.querySelector(".posted-cell").textContent = posted.has(p.id) ? "✓ Posted" : "Not yet";
    }
    body.querySelectorAll("tr[data-participant]").forEach((row) => {
      if (!state.participants.some((p) => String(p.id) === row.dataset.participant)) row.remove();
    });
  }
  function bindConsole() {
    const select = $("ctl-statement");
    if (select) select.addEventListener("change", () => { select.dataset.touched = "1"; render(); });
    document.querySelectorAll(".step-btn").forEach((b) => b.addEventListener("click", () => {
      const minutes = Number($("ctl-duration").value);
      const message = { type: "step.set", statement_id: Number(select.value), step: b.dataset.step };
      if (minutes > 0) message.duration_seconds = Math.round(minutes * 60);
      const keep = $("ctl-keep-private");
      if (keep) message.keep_private = keep.checked;
      delete select.dataset.touched;
      staffSend(message);
    }));
    const lock = $("ctl-lock");
    if (lock) lock.addEventListener("click", () => staffSend({ type: "board.lock", locked: !state.session.locked }));
  }

  // ---- Start -------------------------------------------------------------------------------
  const cached = load("state");
  if (cached) { lastSeq = cached.lastSeq; adopt(cached); render(); }
  if (cfg.role === "staff") bindConsole();
  if (cfg.role === "participant" && "serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/board/" }).then(() => {
      if (window.caches) caches.open("fg-board-v1").then((cache) => cache.addAll([location.pathname, ...[...document.querySelectorAll("link[rel=stylesheet], script[src]")].map((n) => n.getAttribute("href") || n.getAttribute("src"))])).catch(() => {});
    }).catch(() => {});
  }
  connect();
  window.__board = { get state() { return state; }, get pending() { return pending; }, get lastSeq() { return lastSeq; } };
})();
