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
      // The sizes the Python code keeps (tests/project/test_function_sizes.py): a function, an
      // immediately called one too, counts from its first line to its last; split a long one by
      // concept rather than raise the limit.
      "max-lines-per-function": [
        "error",
        { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
      "max-lines": ["error", { max: 400, skipBlankLines: false, skipComments: false }],
    },
  },
];
