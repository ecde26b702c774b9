// Fails when app/ gains a top-level route that lib/agents/reserved.ts does not list: such a route
// would shadow any agent with that slug, and the ingestion rules would not drop the name.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RESERVED_ROUTES } from "./reserved";

const APP = path.resolve(__dirname, "../../app");

/** Top-level URL segments served by app/: folders, looking through route groups `(x)`. */
export function topLevelSegments(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const name = entry.name;
    if (name.startsWith("(") && name.endsWith(")")) out.push(...topLevelSegments(path.join(dir, name)));
    else if (name.startsWith("_"))
      continue; // private folders are not routes
    else if (name.startsWith("[") || name.startsWith("@"))
      continue; // dynamic segments and parallel slots
    else out.push(name);
  }
  return out;
}

describe("reserved routes", () => {
  it("lists every top-level route folder of app/ (including inside route groups)", () => {
    const segments = topLevelSegments(APP);
    expect(segments.length).toBeGreaterThan(3);
    const missing = segments.filter((s) => !RESERVED_ROUTES.has(s));
    expect(missing, `add these to lib/agents/reserved.ts: ${missing.join(", ")}`).toEqual([]);
  });

  it("sees through route groups", () => {
    // The dashboard's pages live under app/(dashboard); the walk must find them.
    expect(topLevelSegments(APP)).toEqual(expect.arrayContaining(["runs", "login", "api", "v1"]));
  });

  it("has exactly one dynamic segment at the top of the dashboard, named [agent]", () => {
    const dynamic: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        if (e.name.startsWith("(")) walk(path.join(dir, e.name));
        else if (e.name.startsWith("[")) dynamic.push(e.name);
      }
    };
    walk(APP);
    expect(dynamic).toEqual(["[agent]"]);
  });
});
