// Translation helpers for every page's scripts (`make messages` extracts their t() and tn() calls).

/** Translated text: Django's JavaScript catalog when the page loaded it, else the English source. */
export function t(text, values = null) {
  const translated = typeof globalThis.gettext === "function" ? globalThis.gettext(text) : text;
  if (!values) return translated;
  return translated.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

/** Singular or plural form, through the catalog's ngettext when there is one. */
export function tn(singular, plural, count, values = {}) {
  const chosen = typeof globalThis.ngettext === "function"
    ? globalThis.ngettext(singular, plural, count)
    : count === 1 ? singular : plural;
  return chosen.replace(/%\((\w+)\)s/g, (_, name) => String({ count, ...values }[name] ?? ""));
}
