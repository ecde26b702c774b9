// Rules about the repository itself that no linter covers.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);

describe("repository", () => {
  it("never refers to the shared reference folder that sits beside the repository on CI (a user's clone has none; tests carry their fixtures)", () => {
    const offenders = tracked
      .filter((f) => !f.startsWith("tests/fixtures/") && fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).size < 2_000_000)
      .filter((f) => /\.\.\/shared\b|\/work\/shared\b/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("comments", () => {
  // A comment that points at a file sends the reader somewhere; after a move or a rename it
  // sends them nowhere. Paths under the repository's top-level folders, in comments of source
  // files, must name a tracked file or folder (with or without its extension).
  const files = new Set(tracked);
  const dirs = new Set(
    tracked.flatMap((f) => {
      const segs = f.split("/");
      return segs.slice(0, -1).map((_, i) => segs.slice(0, i + 1).join("/"));
    }),
  );
  const exists = (ref: string) => files.has(ref) || dirs.has(ref) || tracked.some((t) => t.startsWith(`${ref}.`));
  const ROOTS = "app|lib|components|tests|scripts|e2e|bench|docs|prisma|eslint-rules|public";
  const REF = new RegExp(`(?<![\\w@./-])((?:${ROOTS})/[\\w.()\\[\\]-]+(?:/[\\w.()\\[\\]-]+)*)`, "g");

  /** The path-like references in `text`'s comments that name nothing in the repository. */
  function missingRefs(text: string): string[] {
    const out: string[] = [];
    for (const comment of text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []) {
      for (const m of comment.matchAll(REF)) {
        const raw = m[1]!;
        // Trailing punctuation of the sentence ("see lib/urls/nav.ts.") and a folder's slash.
        const candidates = [raw, raw.replace(/[.,:;)]+$/, "")].map((r) => r.replace(/\/+$/, ""));
        if (!candidates.some(exists)) out.push(raw);
      }
    }
    return out;
  }

  it("finds a reference that names nothing (the check can fail)", () => {
    // Built from parts, so that this file's own text holds no reference to a missing file.
    const missing = ["lib/server/", "public-url.ts"].join("");
    expect(missingRefs(`// see ${missing} and lib/urls/nav.ts.`)).toEqual([missing]);
    expect(missingRefs("/* lib/server/data/ and app/(dashboard)/layout.tsx) */")).toEqual([]);
  });

  it("name only files and folders that exist", () => {
    const offenders = tracked
      .filter((f) => /\.(ts|tsx|mts|mjs|js|css)$/.test(f) && !f.startsWith("tests/fixtures/") && fs.existsSync(path.join(ROOT, f)))
      .flatMap((f) => missingRefs(fs.readFileSync(path.join(ROOT, f), "utf8")).map((ref) => `${f} → ${ref}`));
    expect(offenders).toEqual([]);
  });
});

describe("public/", () => {
  it("has a favicon, a logo and a robots.txt that keeps every page out of search engines", () => {
    const ico = fs.readFileSync(path.join(ROOT, "public/favicon.ico"));
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
    expect(fs.readFileSync(path.join(ROOT, "public/logo.svg"), "utf8")).toMatch(/^<svg[\s\S]*Sightline[\s\S]*<\/svg>\s*$/);
    const robots = fs.readFileSync(path.join(ROOT, "public/robots.txt"), "utf8");
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Disallow: \/$/m);
  });
});

describe("CONTRIBUTING.md", () => {
  const text = fs.readFileSync(path.join(ROOT, "CONTRIBUTING.md"), "utf8");
  // The layout is a tree: `lib/` then an indented `  actions/`.
  it.each(["components/", "  actions/", "  auth/", "  api/ui/", "docs/", "eslint-rules/", "public/", "  server/", "  urls/", "e2e/", "scripts/"])(
    "covers %s",
    (room) => expect(text).toMatch(new RegExp(`^${room.replace("/", "\\/")}`, "m")),
  );

  it("covers every top-level folder of the repository", () => {
    const top = [...new Set(tracked.filter((f) => f.includes("/") && !f.startsWith(".")).map((f) => f.split("/")[0]!))];
    expect(top.filter((d) => !new RegExp(`^${d}/`, "m").test(text))).toEqual([]);
  });

  it("links docs/ui-components.md, which exists", () => {
    expect(text).toContain("](docs/ui-components.md)");
    expect(fs.existsSync(path.join(ROOT, "docs/ui-components.md"))).toBe(true);
  });
});

describe("npm run demo", () => {
  it("sends to TCC_BASE_URL when SIGHTLINE_URL is not set (the SDKs' variable)", () => {
    // A port nothing listens on: the demo says where it tried to send and exits with status 1.
    const env = { ...process.env, TCC_API_KEY: "sl_ingest_x", TCC_BASE_URL: "http://127.0.0.1:9/", SIGHTLINE_URL: "" };
    let out = "";
    try {
      execFileSync(process.execPath, [path.join(ROOT, "scripts/demo.mjs"), "--runs=1"], { cwd: ROOT, env, encoding: "utf8", stdio: "pipe" });
    } catch (err) {
      out = String((err as { stderr?: string }).stderr);
      expect((err as { status?: number }).status).toBe(1);
    }
    expect(out).toContain("not reachable at http://127.0.0.1:9.");
  });
});
