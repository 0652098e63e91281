// Type-aware lint rules for what prettier and tsc cannot see: promises that nobody awaits or
// that go where a plain value is expected, awaits of things that are not promises, and switches
// that miss a case of a union. Type information comes from each file's own tsconfig.json.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "generated/**", "site/**", "reports/**", "node_modules/**", "**/*.d.ts"] },
  {
    files: [
      "src/**/*.ts",
      "cli/src/**/*.ts",
      "test/**/*.ts",
      "cli/test/**/*.ts",
      "examples/**/*.ts",
      "scripts/**/*.mjs",
      ".github/scripts/*.cjs",
    ],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        project: ["./tsconfig.eslint.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/require-await": "off",
    },
  },
);
