// Sightline's own ESLint rules: the import and data-access boundaries CONTRIBUTING.md describes
// that no installed plugin expresses (the folder boundaries use import/no-restricted-paths).
import { clientImports } from "./client-imports.mjs";
import { noSqlOutsideDataLayer } from "./no-sql-outside-data-layer.mjs";

export const sightline = {
  meta: { name: "sightline" },
  rules: {
    "client-imports": clientImports,
    "no-sql-outside-data-layer": noSqlOutsideDataLayer,
  },
};
