// The design editors' key proposal: as the user types a label, the key input proposes a key,
// the same one the server derives when the key is left empty (statements/keys.py: keep the two
// in step). A key the user typed is theirs: it is no longer replaced.
// The longest key is the key rule's (statements/models.py KEY_MAX): the page gives it as the key
// input's maxlength, and the functions below take it as `keyMax`.

/** The label as a key: accents dropped, lower case, every other run of signs one "_". */
export function slugKey(label, keyMax) {
  const plain = label.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const slug = plain.replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return slug.slice(0, keyMax).replace(/_+$/, "");
}

/** The base key, or base-2, base-3, … (cut to fit) when the study already has it. */
export function uniqueKey(base, taken, keyMax) {
  if (!taken.has(base)) return base;
  for (let number = 2; ; number += 1) {
    const suffix = `-${number}`;
    const candidate = base.slice(0, keyMax - suffix.length).replace(/_+$/, "") + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The next free key of the S1, S2, … series. */
export function nextStatementKey(taken) {
  let highest = 0;
  for (const key of taken) {
    const match = /^S([0-9]+)$/.exec(key);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `S${highest + 1}`;
}

/** The key proposed for a label; `fallback` "S" continues the statements' series. */
export function keyFromLabel(label, taken, fallback, keyMax) {
  const spare = fallback === "S" ? nextStatementKey(taken) : fallback;
  return uniqueKey(slugKey(label, keyMax) || spare, taken, keyMax);
}

function takenKeys(id) {
  const data = id && document.getElementById(id);
  return new Set(data ? JSON.parse(data.textContent) : []);
}

function proposeAsTyped(keyInput) {
  const source = document.getElementById(keyInput.dataset.keyFrom);
  const keyMax = keyInput.maxLength; // -1 when the page gives no limit: then nothing is proposed
  if (!source || keyMax < 1) return;
  const taken = takenKeys(keyInput.dataset.keyTaken);
  const fallback = keyInput.dataset.keyFallback || "";
  // The value the page put there (a proposal) may be replaced; a value the user typed may not.
  let proposed = keyInput.value;
  source.addEventListener("input", () => {
    if (keyInput.value !== proposed && keyInput.value !== "") return;
    proposed = keyFromLabel(source.value, taken, fallback, keyMax);
    keyInput.value = proposed;
  });
}

for (const keyInput of document.querySelectorAll("input[data-key-from]")) {
  proposeAsTyped(keyInput);
}

// A profile field's choices are required for the Choice type: say so to assistive technology.
for (const choices of document.querySelectorAll("textarea[data-required-for-type]")) {
  const type = choices.form && choices.form.elements.namedItem("type");
  if (!type) continue;
  const sync = () => {
    const required = type.value === choices.dataset.requiredForType;
    choices.setAttribute("aria-required", required ? "true" : "false");
  };
  type.addEventListener("change", sync);
  sync();
}
