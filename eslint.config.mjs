// ESLint (flat config): Next.js's core-web-vitals and TypeScript rules, plus the house rules
// CONTRIBUTING.md describes. `npm run lint` runs it, with no warning allowed, and the Prettier check.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { sightline } from "./eslint-rules/index.mjs";

// Application code: what ships in the app (tests, benchmarks and scripts may run SQL of their own).
const APP = ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"];
const NOT_APP = ["**/*.test.ts", "**/*.test.tsx"];

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([".next/**", ".next-*/**", ".data/**", "node_modules/**", "playwright-report/**", "test-results/**", "next-env.d.ts"]),
  {
    rules: {
      // A leading underscore marks a value that is deliberately unused (a destructured field left out).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // This rule reports that the React Compiler skips components using TanStack Table/Virtual;
      // the app does not use the React Compiler, so there is nothing to act on.
      "react-hooks/incompatible-library": "off",
    },
  },
  {
    // The boundaries of CONTRIBUTING.md ("Data access", "Rules of thumb"); eslint-rules/ has their tests.
    files: APP,
    ignores: NOT_APP,
    plugins: { sightline },
    rules: {
      "sightline/client-imports": "error",
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib",
              from: ["./components", "./app"],
              message: "lib/ is below components/ and app/: move what both need (URL rules, types, helpers) into lib/.",
            },
            { target: "./app/api", from: "./components", message: "Route handlers do not import UI code: move what they share into lib/." },
          ],
        },
      ],
    },
  },
  {
    files: APP,
    ignores: [...NOT_APP, "lib/server/**", "lib/db/**"],
    plugins: { sightline },
    rules: { "sightline/no-sql-outside-data-layer": "error" },
  },
  {
    // Tests and fixtures handle arbitrary JSON payloads on purpose.
    files: ["**/*.test.ts", "**/*.test.tsx", "tests/**", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Playwright fixtures receive a function called `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);
