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
