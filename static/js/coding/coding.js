// The coding pages: select a span of a note or a transcript line with the keyboard or the mouse,
// apply codes from the picker, remove codings, write memos, and play a line's time.
import { send } from "./api.js";
import { CodePicker } from "./picker.js";
import { t } from "../i18n.js";

const WORD = /[\p{L}\p{N}_'-]/u;

for (const swatch of document.querySelectorAll(".swatch[data-color]")) {
  if (swatch.dataset.color) swatch.style.backgroundColor = swatch.dataset.color;
}

/** One note or transcript line: its text, the span selected in it, its codings and their chips. */
class Unit {
  constructor(el, page) {
    this.el = el;
    this.page = page;
    this.kind = el.dataset.kind;
    this.id = el.dataset.id;
    this.textEl = el.querySelector(".unit-text");
    this.chars = Array.from(this.textEl.textContent);
    this.codings = JSON.parse(el.dataset.codings || "[]");
    this.chips = el.querySelector(".chips");
    this.anchor = 0;
    this.focus = 0;
    this.textEl.addEventListener("keydown", (e) => this.key(e));
    this.chips.addEventListener("click", (e) => this.chipClick(e));
    this.render();
  }

  get span() {
    return [Math.min(this.anchor, this.focus), Math.max(this.anchor, this.focus)];
  }

  wholeSelected() {
    const [a, b] = this.span;
    return a === 0 && b === this.chars.length;
  }

  render() {
    const [selA, selB] = this.span;
    const cuts = new Set([0, this.chars.length, selA, selB]);
    for (const c of this.codings) {
      if (c.start !== null) cuts.add(c.start).add(c.end);
    }
    const points = [...cuts].sort((x, y) => x - y);
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i += 1) {
      const [a, b] = [points[i], points[i + 1]];
      if (a === b) continue;
      const span = document.createElement("span");
      span.textContent = this.chars.slice(a, b).join("");
      const covering = this.codings.filter((c) => c.start === null || (c.start <= a && b <= c.end));
      const partial = covering.filter((c) => c.start !== null);
      if (partial.length) {
        span.classList.add("coded");
        const colour = this.page.byKey.get(partial[0].code)?.color;
        if (colour) span.style.setProperty("--code-color", colour);
        span.title = partial.map((c) => `${c.name} (${c.coder})`).join(", ");
      }
      if (selA < selB && selA <= a && b <= selB) span.classList.add("sel");
      pieces.push(span);
    }
    this.textEl.replaceChildren(...pieces);
    this.textEl.classList.toggle("whole-coded", this.codings.some((c) => c.start === null));
    this.renderChips();
  }

  renderChips() {
    this.chips.replaceChildren();
    for (const c of this.codings) {
      const li = document.createElement("li");
      li.className = "chip";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      const colour = this.page.byKey.get(c.code)?.color;
      if (colour) swatch.style.backgroundColor = colour;
      const where = c.start === null ? t("whole") : `“${this.chars.slice(c.start, c.end).join("")}”`;
      li.append(swatch, document.createTextNode(` ${c.name} · ${c.coder} · ${where} `));
      if (this.page.canCode && c.coder === this.page.me) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link remove";
        remove.dataset.id = String(c.id);
        remove.textContent = "×";
        remove.setAttribute("aria-label", t("Remove %(name)s (%(where)s)", { name: c.name, where }));
        li.append(remove);
      }
      this.chips.append(li);
    }
  }

  label() {
    if (this.anchor === this.focus || this.wholeSelected()) return t("the whole text");
    const [a, b] = this.span;
    return `“${this.chars.slice(a, b).join("")}”`;
  }

  move(to, extend) {
    this.focus = Math.max(0, Math.min(this.chars.length, to));
    if (!extend) this.anchor = this.focus;
    this.render();
    this.announce();
  }

  announce() {
    const status = document.getElementById("picker-status");
    if (status && this.page.picker.root.hidden) status.textContent = "";
    this.textEl.setAttribute("aria-description", t("Selected: %(label)s", { label: this.label() }));
  }

  wordStep(from, dir) {
    let i = from;
    if (dir > 0) {
      while (i < this.chars.length && !WORD.test(this.chars[i])) i += 1;
      while (i < this.chars.length && WORD.test(this.chars[i])) i += 1;
    } else {
      while (i > 0 && !WORD.test(this.chars[i - 1])) i -= 1;
      while (i > 0 && WORD.test(this.chars[i - 1])) i -= 1;
    }
    return i;
  }

  key(event) {
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    const word = ctrlKey || altKey;
    if (key === "ArrowRight" || key === "ArrowLeft") {
      event.preventDefault();
      const dir = key === "ArrowRight" ? 1 : -1;
      this.move(word ? this.wordStep(this.focus, dir) : this.focus + dir, shiftKey);
    } else if (key === "Home" || key === "End") {
      event.preventDefault();
      this.move(key === "Home" ? 0 : this.chars.length, shiftKey);
    } else if ((ctrlKey || metaKey) && key.toLowerCase() === "a") {
      event.preventDefault();
      this.anchor = 0;
      this.move(this.chars.length, true);
    } else if (key === "Escape") {
      this.move(this.focus, false);
    } else if (this.page.canCode && (key === "c" || key === "C" || key === "Enter") && !ctrlKey && !metaKey) {
      event.preventDefault();
      this.openPicker();
    } else if (this.page.canCode && (key === "m" || key === "M") && !ctrlKey && !metaKey) {
      event.preventDefault();
      this.memo();
    }
  }

  mouse(range) {
    const whole = document.createRange();
    whole.selectNodeContents(this.textEl);
    const offset = (container, at) => {
      const probe = document.createRange();
      probe.setStart(this.textEl, 0);
      probe.setEnd(container, at);
      return Array.from(probe.toString()).length;
    };
    // A drag that runs past the text's end (or starts before it) is clamped to the text.
    const startsBefore = range.compareBoundaryPoints(Range.START_TO_START, whole) <= 0;
    const endsAfter = range.compareBoundaryPoints(Range.END_TO_END, whole) >= 0;
    this.anchor = startsBefore ? 0 : offset(range.startContainer, range.startOffset);
    this.focus = endsAfter ? this.chars.length : offset(range.endContainer, range.endOffset);
    window.getSelection().removeAllRanges();
    this.render();
    if (this.page.canCode) this.openPicker();
  }

  openPicker() {
    this.page.current = this;
    this.page.picker.open(this.label(), this.textEl, () => this.textEl.focus());
  }

  async apply(code) {
    const whole = this.anchor === this.focus || this.wholeSelected();
    const [a, b] = this.span;
    const body = {
      code: code.id,
      [this.kind]: this.kind === "segment" ? Number(this.id) : this.id,
      start: whole ? null : a,
      end: whole ? null : b,
      as_final: this.page.asFinal,
    };
    const coding = await send("POST", this.page.api, body);
    this.codings.push({
      id: coding.id, code: code.key, name: code.name, color: code.color,
      coder: coding.coder, start: coding.start, end: coding.end,
    });
    this.render();
  }

  async chipClick(event) {
    const button = event.target.closest("button.remove");
    if (!button) return;
    try {
      await send("DELETE", `${this.page.api}${button.dataset.id}/`);
      this.codings = this.codings.filter((c) => String(c.id) !== button.dataset.id);
      this.render();
      this.textEl.focus();
    } catch (error) {
      button.title = error.message;
    }
  }

  memo() {
    let form = this.el.querySelector(".unit-memo");
    if (!form) {
      form = document.createElement("form");
      form.className = "unit-memo";
      const label = document.createElement("label");
      label.textContent = t("Memo on this text");
      const area = document.createElement("textarea");
      area.required = true;
      area.maxLength = this.page.memoMax;
      area.rows = 3;
      label.append(area);
      const save = document.createElement("button");
      save.type = "submit";
      save.textContent = t("Save memo");
      const status = document.createElement("span");
      status.setAttribute("role", "status");
      form.append(label, save, status);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await send("POST", this.page.memoApi, { about: this.kind, target: this.id, text: area.value });
          status.textContent = t("Saved.");
          area.value = "";
          this.textEl.focus();
        } catch (error) {
          status.textContent = error.message;
        }
      });
      form.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          form.remove();
          this.textEl.focus();
        }
      });
      this.el.append(form);
    }
    form.querySelector("textarea").focus();
  }
}

/** What the page says of the coder and the API, the codes, and the picker every unit shares. */
function readPage(config) {
  const codes = JSON.parse(document.getElementById("coding-codes").textContent);
  const api = config.dataset.api;
  const page = {
    byKey: new Map(codes.map((c) => [c.key, c])),
    canCode: config.dataset.canCode === "1",
    asFinal: config.dataset.final === "1",
    me: config.dataset.coder,
    api,
    memoApi: api.replace(/codings\/$/, "memos/"),
    memoMax: Number(config.dataset.memoMax), // the memo rule's length (coding/models.py)
    current: null, // the unit the picker codes (the last one that opened it)
  };
  page.picker = new CodePicker(document.getElementById("picker"), codes, (code) =>
    page.current.apply(code),
  );
  return page;
}

/** How many characters of the unit's text the range covers. */
function overlap(range, unit) {
  if (!range.intersectsNode(unit.textEl)) return 0;
  const part = document.createRange();
  part.selectNodeContents(unit.textEl);
  if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) {
    part.setStart(range.startContainer, range.startOffset);
  }
  if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) {
    part.setEnd(range.endContainer, range.endOffset);
  }
  return part.toString().length;
}

/** A mouse selection codes the text it covers most. */
function selectWithMouse(event, picker, units) {
  if (picker.root.contains(event.target)) return;
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  let best = null;
  let most = 0;
  for (const u of units) {
    const size = overlap(range, u);
    if (size > most) [best, most] = [u, size];
  }
  if (best) best.mouse(range);
}

/** A line's time link plays the recording from there. */
function playFromLinks(player) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.play");
    if (!link || !player) return;
    event.preventDefault();
    player.currentTime = parseFloat(link.dataset.start);
    player.play().catch(() => {});
  });
}

function start(config) {
  const page = readPage(config);
  const units = [...document.querySelectorAll(".unit")].map((el) => new Unit(el, page));
  document.addEventListener("mouseup", (event) => selectWithMouse(event, page.picker, units));
  document.addEventListener("mousedown", (event) => {
    if (!page.picker.root.hidden && !page.picker.root.contains(event.target)) page.picker.close();
  });
  playFromLinks(document.getElementById("player"));
}

const config = document.getElementById("coding-config");
if (config) start(config);
