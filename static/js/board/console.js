// The moderator console: one Next button through the run, the explicit statement and step
// choices, the lock, and the participants with who is online and who has posted.
import { $, attr, el, t, text } from "./dom.js";
import { stepLabel, stepName } from "./state.js";

/** The step after the current one: Introduce → Add comments → Discuss → next statement's Introduce. */
export function nextStep(board) {
  const s = board.session;
  const STEPS = board.cfg.steps.map(([value]) => value);
  const ids = board.data.statements.map((x) => x.id);
  if (!s.active_statement_id) return ids.length ? { statement_id: ids[0], step: "introduce" } : null;
  const index = STEPS.indexOf(s.step);
  if (index < STEPS.length - 1) return { statement_id: s.active_statement_id, step: STEPS[index + 1] };
  const next = ids[ids.indexOf(s.active_statement_id) + 1];
  return next ? { statement_id: next, step: "introduce" } : null;
}

export class Console {
  constructor(board, staffSend) {
    this.board = board;
    this.staffSend = staffSend;
    this.touched = false;
    const select = $("ctl-statement");
    if (select) select.addEventListener("change", () => { this.touched = true; this.render(); });
    document.querySelectorAll(".step-btn").forEach((button) => button.addEventListener("click", () => {
      this.touched = false;
      this.sendStep({ statement_id: Number(select.value), step: button.dataset.step });
    }));
    $("ctl-next")?.addEventListener("click", () => {
      const next = nextStep(this.board);
      if (!next) return;
      this.touched = false;
      this.sendStep(next);
    });
    $("ctl-lock")?.addEventListener("click", () => this.staffSend({ type: "board.lock", locked: !this.board.session.locked }));
  }

  sendStep(target) {
    const minutes = Number($("ctl-duration")?.value);
    const message = { type: "step.set", ...target };
    if (minutes > 0 && target.step === "comment") message.duration_seconds = Math.round(minutes * 60);
    const keep = $("ctl-keep-private");
    if (keep) message.keep_private = keep.checked;
    this.staffSend(message);
  }

  render() {
    const board = this.board;
    if (!board.data) return;
    const s = board.session;
    const select = $("ctl-statement");
    if (select && !this.touched && s.active_statement_id) select.value = String(s.active_statement_id);
    document.querySelectorAll(".step-btn").forEach((button) => {
      const current = select && Number(select.value) === s.active_statement_id && button.dataset.step === s.step;
      attr(button, "aria-pressed", current ? "true" : "false");
    });
    const next = nextStep(board);
    const nextButton = $("ctl-next");
    if (nextButton) {
      nextButton.disabled = !next || Boolean(s.ended);
      text(nextButton.querySelector(".next-label") || nextButton, next
        ? t("Next: %(statement)s, %(step)s", { statement: board.statement(next.statement_id)?.key ?? "", step: stepName(board.cfg, next.step) })
        : t("Last step reached"));
    }
    const lock = $("ctl-lock");
    if (lock) {
      text(lock, s.locked ? t("Unlock the board") : t("Lock the board"));
      attr(lock, "aria-pressed", s.locked ? "true" : "false");
    }
    const status = $("ctl-status");
    if (status) {
      text(status, s.active_statement_id
        ? t("Now: %(statement)s, step %(step)s%(locked)s.", { statement: board.statementName(s.active_statement_id), step: stepLabel(board.cfg, s.step), locked: s.locked ? `, ${t("locked")}` : "" })
        : t("Not started."));
    }
    // The invite panel makes room for the board once the run has started.
    const invite = document.querySelector(".invite-panel");
    if (invite && s.active_statement_id && !this.inviteFolded) {
      this.inviteFolded = true;
      if (this.sawUnstarted) invite.open = false;
    }
    if (!s.active_statement_id) this.sawUnstarted = true;
    this.renderPeople();
  }

  renderPeople() {
    const board = this.board;
    const body = $("people-body");
    if (!body) return;
    const s = board.session;
    const posted = new Set(board.visibleNotes().filter((n) => n.statement_id === s.active_statement_id).map((n) => n.participant_id));
    for (const p of board.data.participants) {
      let row = body.querySelector(`tr[data-participant="${p.id}"]`);
      if (!row) {
        body.querySelector("td[colspan]")?.closest("tr")?.remove();
        row = el("tr", { "data-participant": p.id },
          el("td", {}, el("span", { class: "chip", style: `--chip: ${p.color}`, text: p.code })),
          el("td", { class: "online-cell" }), el("td", { class: "posted-cell" }),
          board.data.me.can_run ? el("td", {}, el("button", { type: "button", class: "small-btn", "aria-label": t("Remove %(code)s", { code: p.code }),
            onclick: () => {
              if (window.confirm(t("Remove %(code)s from the session?", { code: p.code }))) this.staffSend({ type: "participant.remove", participant_id: p.id });
            } }, t("Remove"))) : null);
        body.append(row);
      }
      const online = board.online.has(p.id);
      const cell = row.querySelector(".online-cell");
      text(cell, online ? `● ${t("Online")}` : `○ ${t("Offline")}`);
      cell.className = `online-cell ${online ? "is-online" : "is-offline"}`;
      text(row.querySelector(".posted-cell"), posted.has(p.id) ? `✓ ${t("Posted")}` : t("Not yet"));
    }
    body.querySelectorAll("tr[data-participant]").forEach((row) => {
      if (!board.data.participants.some((p) => String(p.id) === row.dataset.participant)) row.remove();
    });
  }
}
