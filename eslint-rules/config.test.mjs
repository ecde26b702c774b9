// The rules are switched on where they belong: the project's own ESLint configuration reports a
// violation of each boundary in a file of the folder it protects.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./paths.mjs";

let eslint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function ruleIds(filePath, code) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("eslint.config.mjs", { timeout: 120_000 }, () => {
  it("keeps lib/ below components/ and app/, and route handlers away from UI code", async () => {
    expect(await ruleIds("lib/server/example.ts", `import { RunsView } from "@/components/runs/runs-view";\nexport const v = RunsView;\n`)).toContain(
      "import/no-restricted-paths",
    );
    expect(await ruleIds("lib/urls/example.ts", `import { metadata } from "@/app/(dashboard)/runs/[id]/page";\nexport const m = metadata;\n`)).toContain(
      "import/no-restricted-paths",
    );
    expect(await ruleIds("app/api/ui/example/route.ts", `import { cn } from "@/components/ui/cn";\nexport const c = cn;\n`)).toContain(
      "import/no-restricted-paths",
    );
    expect(await ruleIds("app/(dashboard)/example/page.tsx", `import { cn } from "@/components/ui/cn";\nexport const c = cn;\n`)).toEqual([]);
  });

  it("keeps SQL in lib/server and lib/db", async () => {
    const code = "export const n = (viewer) => viewer.sql.query(`SELECT 1`);\n";
    expect(await ruleIds("components/example/example-view.tsx", code)).toContain("sightline/no-sql-outside-data-layer");
    expect(await ruleIds("lib/actions/example.ts", code)).toContain("sightline/no-sql-outside-data-layer");
    expect(await ruleIds("lib/server/data/example.ts", code)).toEqual([]);
    expect(await ruleIds("tests/integration/example.test.ts", code)).toEqual([]);
  });

  it("keeps server code out of client components", async () => {
    const code = `"use client";\nimport { listRuns } from "@/lib/server/data/runs";\nexport const l = listRuns;\n`;
    expect(await ruleIds("components/example/example-table.tsx", code)).toContain("sightline/client-imports");
  });
});
