// The ingestion endpoints reach their handlers two ways: Next.js route files (`next dev`) and the
// server's direct path (scripts/serve.mjs, which looks paths up in INGEST_ENDPOINTS). Both must
// serve the same paths with the same handlers.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INGEST_ENDPOINTS } from "./endpoints";

const APP = path.resolve(__dirname, "../../../app");

/** Route files under app/ that take their POST from INGEST_ENDPOINTS, by URL path. */
function ingestRouteFiles(dir = APP, out = new Map<string, string>()): Map<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) ingestRouteFiles(p, out);
    else if (e.name === "route.ts" && fs.readFileSync(p, "utf8").includes("INGEST_ENDPOINTS")) {
      out.set("/" + path.relative(APP, dir).split(path.sep).join("/"), p);
    }
  }
  return out;
}

describe("ingestion endpoints", () => {
  it("have a route file each, whose POST is the direct path's handler", async () => {
    const files = ingestRouteFiles();
    expect([...files.keys()].sort()).toEqual(Object.keys(INGEST_ENDPOINTS).sort());
    for (const [urlPath, file] of files) {
      const mod = (await import(file)) as { POST: unknown };
      expect(mod.POST, urlPath).toBe(INGEST_ENDPOINTS[urlPath as keyof typeof INGEST_ENDPOINTS]);
    }
  });
});
