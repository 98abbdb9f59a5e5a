// The code picker: a combobox with type-ahead over the codebook; Enter applies, Esc closes.
import { t } from "../i18n.js";

export class CodePicker {
  constructor(root, codes, onPick) {
    this.root = root;
    this.codes = codes;
    this.onPick = onPick;
    this.input = root.querySelector("#picker-input");
    this.list = root.querySelector("#picker-list");
    this.status = root.querySelector("#picker-status");
    this.spanLabel = root.querySelector("#picker-span");
    this.matches = [];
    this.active = 0;
    this.onClose = null;
    this.input.addEventListener("input", () => this.filter());
    this.input.addEventListener("keydown", (event) => this.key(event));
    this.list.addEventListener("mousedown", (event) => event.preventDefault());
    this.list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.pick(Number(option.dataset.index));
    });
  }

  open(label, anchor, onClose) {
    this.onClose = onClose;
    this.spanLabel.textContent = label;
    this.status.textContent = "";
    this.input.value = "";
    this.root.hidden = false;
    const box = anchor.getBoundingClientRect();
    const narrow = window.innerWidth < 640;
    this.root.classList.toggle("docked", narrow);
    if (narrow) {
      // The picker docks at the bottom: keep the text being coded in view above it.
      anchor.scrollIntoView({ block: "center" });
    } else {
      this.root.style.top = `${Math.min(window.scrollY + box.bottom + 4, window.scrollY + window.innerHeight - 260)}px`;
      this.root.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - 360))}px`;
    }
    this.filter();
    this.input.focus();
  }

  close() {
    if (this.root.hidden) return;
    this.root.hidden = true;
    if (this.onClose) this.onClose();
  }

  filter() {
    const query = this.input.value.trim().toLowerCase();
    const score = (c) => {
      const name = c.name.toLowerCase();
      if (!query) return 1;
      if (name.startsWith(query) || c.key.startsWith(query)) return 3;
      if (name.includes(query) || c.key.includes(query)) return 2;
      return c.path.toLowerCase().includes(query) ? 1 : 0;
    };
    this.matches = this.codes
      .map((c) => [score(c), c])
      .filter(([s]) => s > 0)
      .sort((a, b) => b[0] - a[0])
      .map(([, c]) => c);
    this.active = 0;
    this.render();
  }

  render() {
    this.list.replaceChildren();
    this.matches.forEach((code, index) => {
      const option = document.createElement("li");
      option.id = `picker-option-${index}`;
      option.setAttribute("role", "option");
      option.dataset.index = String(index);
      option.setAttribute("aria-selected", index === this.active ? "true" : "false");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      if (code.color) swatch.style.backgroundColor = code.color;
      option.append(swatch, document.createTextNode(` ${code.path} `));
      const key = document.createElement("code");
      key.textContent = code.key;
      option.append(key);
      this.list.append(option);
    });
    if (!this.matches.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = t("No code matches.");
      this.list.append(empty);
      this.input.removeAttribute("aria-activedescendant");
    } else {
      this.input.setAttribute("aria-activedescendant", `picker-option-${this.active}`);
      this.list.children[this.active].scrollIntoView({ block: "nearest" });
    }
  }

  key(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!this.matches.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.matches.length) % this.matches.length;
      this.render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.pick(this.active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    }
  }

  async pick(index) {
    const code = this.matches[index];
    if (!code) return;
    try {
      await this.onPick(code);
      this.status.textContent = t("Applied %(name)s. Pick another or press Esc.", { name: code.name });
      this.input.value = "";
      this.filter();
    } catch (error) {
      this.status.textContent = error.message;
    }
    this.input.focus();
  }
}
