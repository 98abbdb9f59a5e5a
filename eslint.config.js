// ESLint (flat config) for the browser code under static/js: `make lint` runs it.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, gettext: "readonly", ngettext: "readonly", interpolate: "readonly" },
    },
    rules: {
      "no-unused-vars": ["error", { args: "none" }],
      eqeqeq: ["error", "smart"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    // The older pages' scripts are classic scripts, not modules.
    files: [
      "static/js/transcript.js",
      "static/js/upload.js",
      "static/js/phase_analysis.js",
    ],
    languageOptions: { sourceType: "script" },
    rules: { "no-var": "off", "prefer-const": "off", "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }] },
  },
];
