// Each house rule reports the violation it exists for, and leaves the allowed forms alone.
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import { clientImports } from "./client-imports.mjs";
import { noSqlOutsideDataLayer } from "./no-sql-outside-data-layer.mjs";
import { ROOT } from "./paths.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
});
const at = (rel) => path.join(ROOT, rel);
const CLIENT = at("components/runs/some-table.tsx");

tester.run("sightline/client-imports", clientImports, {
  valid: [
    { filename: CLIENT, code: `"use client";\nimport type { RunRow } from "@/lib/server/data/run-rows";\nimport { cn } from "@/components/ui/cn";` },
    { filename: CLIENT, code: `"use client";\nimport { type RunsPage } from "@/lib/server/data/run-rows";` },
    {
      filename: CLIENT,
      code: `"use client";\nimport { FilterError } from "@/lib/validations/list-params";\nimport { submitRunFeedback } from "@/lib/actions/feedback";`,
    },
    // A server component may import all of it.
    { filename: at("components/runs/runs-view.tsx"), code: `import "server-only";\nimport { listRuns } from "@/lib/server/data/runs";\nimport pg from "pg";` },
    // A directive after other code is not a directive.
    { filename: CLIENT, code: `import { x } from "./x";\n"use client";\nimport { listRuns } from "@/lib/server/data/runs";` },
  ],
  invalid: [
    {
      filename: CLIENT,
      code: `"use client";\nimport { listRuns } from "@/lib/server/data/runs";`,
      errors: [{ messageId: "server", data: { source: "@/lib/server/data/runs", why: "lib/server is server code" } }],
    },
    { filename: CLIENT, code: `"use client";\nimport { openDb } from "../../lib/db/open";`, errors: [{ messageId: "server" }] },
    { filename: CLIENT, code: `"use client";\nimport "server-only";`, errors: [{ messageId: "server" }] },
    { filename: CLIENT, code: `"use client";\nimport { Pool } from "pg";\nimport { PGlite } from "@electric-sql/pglite/worker";`, errors: 2 },
    { filename: CLIENT, code: `"use client";\nimport { PrismaClient } from "@prisma/client";`, errors: [{ messageId: "server" }] },
    // A module outside lib/server that marks itself server-only (a server view).
    {
      filename: CLIENT,
      code: `"use client";\nimport { RunsView } from "@/components/runs/runs-view";`,
      errors: [{ messageId: "server", data: { source: "@/components/runs/runs-view", why: 'the module imports "server-only"' } }],
    },
    { filename: CLIENT, code: `"use client";\nexport { listRuns } from "@/lib/server/data/runs";`, errors: 1 },
    { filename: CLIENT, code: `"use client";\nconst m = () => import("@/lib/server/session");`, errors: 1 },
  ],
});

const VIEW = at("components/runs/runs-view.tsx");

tester.run("sightline/no-sql-outside-data-layer", noSqlOutsideDataLayer, {
  valid: [
    { filename: VIEW, code: `const page = await listRuns(viewer.sql, viewer.project.id, filters);` },
    { filename: VIEW, code: `const m = ROLE.exec(line);\nconst r = /x/.exec(text);` },
    { filename: VIEW, code: `const data = useQuery({ queryKey: ["runs"], queryFn });\nqueryClient.invalidateQueries();` },
    { filename: VIEW, code: `import type { Pool } from "pg";` },
  ],
  invalid: [
    { filename: VIEW, code: "const rows = await viewer.sql.query(`SELECT 1 FROM runs WHERE project_id = $1`, [id]);", errors: [{ messageId: "query" }] },
    { filename: VIEW, code: `await db.sql.query(text);\nawait tx.exec(script);\nawait sql.transaction(fn);`, errors: 3 },
    { filename: VIEW, code: `await store.query("INSERT INTO runs (id) VALUES ($1)", [id]);`, errors: [{ messageId: "query" }] },
    { filename: VIEW, code: "await prisma.$queryRaw`SELECT 1`;\nawait prisma.$executeRawUnsafe(s);", errors: 1 + 1 },
    { filename: VIEW, code: `import pg from "pg";`, errors: [{ messageId: "driver", data: { source: "pg" } }] },
    { filename: VIEW, code: `const { PrismaClient } = await import("@prisma/client");`, errors: [{ messageId: "driver" }] },
  ],
});
