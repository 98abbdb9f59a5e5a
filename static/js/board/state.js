// The board's state: what the server sent, the participant's unconfirmed changes (kept in
// localStorage until acknowledged) and who is online or writing. No DOM here.
import { t, uuid } from "./dom.js";
import { errorText } from "./errors.js";

const ANSWER_WAIT_MS = 8000;

export const OPEN_STEPS = new Set(["comment", "discuss"]);
export const UNDO_SECONDS = 5;

export class BoardState {
  constructor(cfg, { send, announce, notice, wake, stalled }) {
    this.cfg = cfg;
    this.send = send;
    this.announce = announce;
    this.notice = notice;
    this.hooks = { wake, stalled };
    this.data = null; // {session, statements, levels, participants, me, notes: Map, totals}
    this.lastSeq = null;
    this.pending = this.load("pending") || []; // operations not yet confirmed, oldest first
    this.inFlight = null; // ref of the operation on the wire
    this.synced = false;
    this.online = new Set(); // members: participant ids with an open socket
    this.onlineCount = null; // participants: how many participants are online
    this.typingUntil = new Map(); // who (id or "someone") → time their "writing" cue ends
    this.removed = false; // this participant was removed or its link no longer works
    this.deleting = new Map(); // note id → {note, timer}: deletes waiting out their undo time
    const cached = this.load("state");
    if (cached) { this.lastSeq = cached.lastSeq; this.adopt(cached); }
  }

  // ---- Storage ----
  load(name) {
    try { return JSON.parse(localStorage.getItem(`${this.cfg.storeKey}:${name}`)); } catch { return null; }
  }
  save(name, value) {
    try { localStorage.setItem(`${this.cfg.storeKey}:${name}`, JSON.stringify(value)); } catch { /* storage full */ }
  }
  persist() {
    this.save("pending", this.pending);
    if (this.data) this.save("state", { ...this.data, notes: [...this.data.notes.values()], lastSeq: this.lastSeq });
  }
  adopt(raw) {
    // A stored copy carries `totals` as they were last updated; a snapshot only `note_totals`.
    // (Bug 10: the stored copy's stale `note_totals` won, so a reload showed "0 notes".)
    const { note_totals: snapshotTotals, ...rest } = raw;
    this.data = {
      ...rest,
      notes: new Map(raw.notes.map((n) => [n.id, n])),
      totals: { ...(raw.totals || snapshotTotals || {}) },
    };
    for (const n of this.data.notes.values()) n.confirmedVersion ??= n.version;
  }

  // ---- Reading ----
  get session() { return this.data.session; }
  statement(id) { return this.data.statements.find((s) => s.id === id); }
  statementName(id) { const s = this.statement(id); return s ? `${s.key}${s.title ? ` · ${s.title}` : ""}` : ""; }
  levelLabel(key) { return this.data.levels.find((l) => l.key === key)?.label ?? key; }
  orderedLevels() {
    const levels = this.data.levels;
    return [...levels.filter((l) => !l.off_scale), ...levels.filter((l) => l.off_scale)];
  }
  isParticipant() { return this.cfg.role === "participant" && this.data?.me.role === "participant"; }
  isMine(note) { return this.isParticipant() && note.participant_id === this.data.me.id; }
  hasPendingFor(id) { return this.pending.some((op) => (op.id || op.note_id) === id); }
  notesOpen(statementId) {
    const s = this.session;
    return this.isParticipant() && !this.removed && !s.locked && !s.ended && !this.timeUp()
      && s.active_statement_id === statementId && OPEN_STEPS.has(s.step);
  }
  /** The step's timer ran out and the study lets the timer close notes. */
  timeUp() {
    const s = this.session;
    return Boolean(s.timer_closes_notes && s.step_deadline && Date.parse(s.step_deadline) <= Date.now());
  }
  revealed(statementId) {
    return this.session.reveal_policy === "live" || this.session.revealed.includes(statementId);
  }
  visibleNotes() { return [...this.data.notes.values()].filter((n) => !this.deleting.has(n.id)); }
  someoneTyping() {
    const now = Date.now();
    let count = 0;
    for (const [who, until] of this.typingUntil) {
      if (until > now) count += 1; else this.typingUntil.delete(who);
    }
    return count;
  }
  authorName(note) {
    if (this.isMine(note)) return t("You (%(code)s)", { code: note.code });
    return note.code || t("Another participant");
  }

  // ---- Server messages ----
  /** Applies one message from the server; returns false when it changed nothing to show. */
  handle(msg) {
    switch (msg.type) {
      case "snapshot":
        this.adopt(msg.state);
        this.lastSeq = msg.state.session.last_seq;
        this.replayPending();
        break;
      case "event":
        if (this.lastSeq !== null && msg.seq <= this.lastSeq) return false;
        if (this.lastSeq !== null && msg.seq > this.lastSeq + 1) { this.send({ type: "sync", last_seq: this.lastSeq }); return false; }
        this.apply(msg);
        this.lastSeq = msg.seq;
        break;
      case "synced":
        this.lastSeq = msg.last_seq;
        this.synced = true;
        this.flush();
        break;
      case "ack": this.onAck(msg); break;
      case "error": this.onError(msg); break;
      case "presence":
        if (Array.isArray(msg.online)) { this.online = new Set(msg.online); this.onlineCount = this.online.size; }
        if (typeof msg.count === "number") this.onlineCount = msg.count;
        return true;
      case "typing":
        this.typingUntil.set(msg.participant_id ?? `someone-${msg.statement_id ?? ""}-${this.typingUntil.size}`, Date.now() + 5000);
        return true;
      default: return false;
    }
    this.persist();
    return true;
  }

  upsert(note) {
    const old = this.data.notes.get(note.id);
    if (old && old.confirmedVersion > note.version) return;
    if (note.deleted) { this.data.notes.delete(note.id); return; }
    this.data.notes.set(note.id, { ...note, confirmedVersion: note.version });
  }

  apply(ev) {
    const d = ev.data;
    const s = this.session;
    switch (ev.event) {
      case "note.created": case "note.edited": case "note.moved": case "note.flagged": case "note.deleted":
        if (!this.hasPendingFor(d.note.id)) this.upsert(d.note);
        else {
          const n = this.data.notes.get(d.note.id);
          if (n) { n.confirmedVersion = d.note.version; n.flagged_unclear = d.note.flagged_unclear; }
        }
        this.data.totals[d.note.statement_id] = d.note_total;
        if (ev.event === "note.created" && d.note.participant_id !== undefined) this.typingUntil.delete(d.note.participant_id);
        break;
      case "note.hidden": this.data.totals[d.statement_id] = d.note_total; break;
      case "step.set":
        if (s.active_statement_id !== d.statement_id || s.step !== d.step) {
          this.announce(`${this.statementName(d.statement_id)}: ${stepLabel(this.cfg, d.step)}`);
        }
        // A highlight belongs to its statement: the server clears it on a new statement, and
        // so does the board (issue 10, bug 9: it used to stay on the next statement's stage).
        if (s.active_statement_id !== d.statement_id) s.highlighted_note_id = null;
        s.active_statement_id = d.statement_id; s.step = d.step; s.step_deadline = d.deadline; s.revealed = d.revealed;
        if (d.closes_notes !== undefined) s.timer_closes_notes = d.closes_notes;
        if (d.notes) d.notes.forEach((n) => { if (!this.hasPendingFor(n.id)) this.upsert(n); });
        break;
      case "board.locked":
        s.locked = d.locked;
        this.announce(d.locked ? t("The board is locked.") : t("The board is open."));
        break;
      case "note.highlighted": s.highlighted_note_id = d.note_id; break;
      case "session.ended": s.ended = true; s.locked = true; break;
      case "participant.joined":
        if (!this.data.participants.some((p) => p.id === d.participant.id)) this.data.participants.push(d.participant);
        break;
      case "participant.removed":
        this.data.participants = this.data.participants.filter((p) => p.id !== d.participant_id);
        if (this.isParticipant() && d.participant_id === this.data.me.id) this.removed = true;
        break;
      default: break;
    }
  }

  // ---- Local changes (queued, optimistic) ----
  queue(op) {
    op.ref = uuid();
    this.pending.push(op);
    this.persist();
    if (!this.synced) this.hooks.wake?.();
    this.flush();
  }
  flush() {
    if (!this.synced || this.inFlight || !this.pending.length) return;
    const op = this.pending[0];
    const wire = { ...op };
    delete wire.local;
    if (wire.base_version === null) wire.base_version = this.data.notes.get(op.note_id)?.confirmedVersion ?? 1;
    this.inFlight = op.ref;
    this.send(wire);
    // An operation unanswered for a while means a dead socket: drop it and resend after a sync.
    setTimeout(() => { if (this.inFlight === op.ref) this.hooks.stalled?.(); }, ANSWER_WAIT_MS);
  }
  replayPending() {
    for (const op of this.pending) {
      const note = this.data.notes.get(op.id || op.note_id);
      if (op.type === "note.create" && !note) this.data.notes.set(op.id, { ...op.local, confirmedVersion: 0 });
      else if (note && op.type === "note.edit") note.text = op.text;
      else if (note && op.type === "note.move") note.level = op.level;
      else if (note && op.type === "note.delete") this.data.notes.delete(note.id);
    }
  }
  onAck(msg) {
    this.pending = this.pending.filter((op) => op.ref !== msg.ref);
    if (this.inFlight === msg.ref) this.inFlight = null;
    if (msg.note) {
      const local = this.data.notes.get(msg.note.id);
      if (msg.note.deleted) this.data.notes.delete(msg.note.id);
      else if (!this.hasPendingFor(msg.note.id)) this.data.notes.set(msg.note.id, { ...msg.note, confirmedVersion: msg.note.version });
      else if (local) local.confirmedVersion = msg.note.version;
    }
    if (msg.op === "note.create") this.announce(t("Note saved."));
    setTimeout(() => this.flush(), 0);
  }
  onError(msg) {
    const op = this.pending.find((o) => o.ref === msg.ref);
    if (msg.code === "removed") this.removed = true;
    const reason = errorText(msg, this.cfg.role);
    if (!op) { this.notice(reason); return; }
    this.pending = this.pending.filter((o) => o.ref !== msg.ref);
    if (this.inFlight === msg.ref) this.inFlight = null;
    const id = op.id || op.note_id;
    const current = msg.current;
    if (current && !current.deleted) this.data.notes.set(id, { ...current, confirmedVersion: current.version });
    else if (op.type === "note.create" && !current) this.data.notes.delete(id);
    else if (current && current.deleted) this.data.notes.delete(id);
    const extra = current && !current.deleted ? ` ${t("Current text: “%(text)s”.", { text: current.text })}` : "";
    this.notice(`${t("Not saved:")} ${reason}${extra}`);
    setTimeout(() => this.flush(), 0);
  }

  createNote(statementId, level, text) {
    const id = uuid();
    const me = this.data.me;
    const local = { id, statement_id: statementId, level, text, version: 1, participant_id: me.id, code: me.code,
      color: me.color, flagged_unclear: false, created_at: new Date().toISOString() };
    this.data.notes.set(id, { ...local, confirmedVersion: 0 });
    this.queue({ type: "note.create", id, statement_id: statementId, level, text, local });
  }
  /** A create still waiting in the queue (not on the wire) can simply be changed in place. */
  waitingCreate(note) {
    return this.pending.find((op) => op.type === "note.create" && op.id === note.id && op.ref !== this.inFlight);
  }
  editNote(note, text) {
    note.text = text;
    const create = this.waitingCreate(note);
    if (create) { create.text = text; create.local.text = text; this.persist(); return; }
    const waiting = this.pending.find((op) => op.type === "note.edit" && op.note_id === note.id && op.ref !== this.inFlight);
    if (waiting) { waiting.text = text; this.persist(); return; }
    this.queue({ type: "note.edit", note_id: note.id, text, base_version: this.hasPendingFor(note.id) ? null : note.confirmedVersion });
  }
  moveNote(note, level) {
    if (note.level === level) return false;
    note.level = level;
    const create = this.waitingCreate(note);
    if (create) { create.level = level; create.local.level = level; this.persist(); return true; }
    this.queue({ type: "note.move", note_id: note.id, level, base_version: this.hasPendingFor(note.id) ? null : note.confirmedVersion });
    this.announce(t("Note moved to %(level)s.", { level: this.levelLabel(level) }));
    return true;
  }
  /** Deleting waits UNDO_SECONDS for an undo before the delete is queued for the server. */
  deleteNote(note, onDone) {
    const timer = setTimeout(() => { this.commitDelete(note.id); onDone(); }, UNDO_SECONDS * 1000);
    this.deleting.set(note.id, { note, timer });
  }
  undoDelete(id) {
    const waiting = this.deleting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.deleting.delete(id);
    this.announce(t("Note restored."));
  }
  commitDelete(id) {
    const waiting = this.deleting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.deleting.delete(id);
    const note = waiting.note;
    this.data.notes.delete(id);
    const create = this.pending.find((op) => op.type === "note.create" && op.id === id);
    if (create && create.ref !== this.inFlight) {
      this.pending = this.pending.filter((op) => op !== create && op.note_id !== id);
      this.persist();
      return;
    }
    this.queue({ type: "note.delete", note_id: id, base_version: this.hasPendingFor(id) ? null : note.confirmedVersion });
    this.announce(t("Note deleted."));
  }
  commitAllDeletes() { for (const id of [...this.deleting.keys()]) this.commitDelete(id); }
}

/** A step's label as the page gave it ("Add comments"); numbered, as the board shows it ("2 · Add comments"). */
export function stepName(cfg, step) {
  const found = cfg.steps.find(([value]) => value === step);
  return found ? found[1] : step;
}
export function stepLabel(cfg, step) {
  const index = cfg.steps.findIndex(([value]) => value === step);
  return index < 0 ? step : `${index + 1} · ${cfg.steps[index][1]}`;
}
