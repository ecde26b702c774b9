// The build stamp says whether `.next` was built from the sources as they are now: a source edited
// while the build ran must leave the build stale (the next `npm start` builds again).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsCurrent, distDir, INGEST_BUNDLE } from "./build-stamp.mjs";
import { buildApp } from "./build.mjs";

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "stamp-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, "app"));
  fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;\n");
  return root;
}

/** Stand-ins for `next build` and the ingestion bundle: they write what the real steps write. */
const steps = (during: (root: string) => void = () => {}) => ({
  nextBuild(root: string) {
    fs.mkdirSync(distDir(root), { recursive: true });
    fs.writeFileSync(path.join(distDir(root), "BUILD_ID"), "b1");
    during(root);
  },
  bundleIngest(root: string) {
    fs.writeFileSync(path.join(distDir(root), INGEST_BUNDLE), "");
  },
});

describe("build stamp", () => {
  it("is current after a build of unchanged sources, stale after a source changes", async () => {
    const root = tempRoot();
    expect(buildIsCurrent(root)).toBe(false);
    await buildApp(root, steps());
    expect(buildIsCurrent(root)).toBe(true);
    fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 22;\n");
    expect(buildIsCurrent(root)).toBe(false);
  });

  it("is stale when a source changed while the build ran", async () => {
    const root = tempRoot();
    await buildApp(
      root,
      steps((r) => fs.writeFileSync(path.join(r, "app", "page.tsx"), "export default 333;\n")),
    );
    expect(buildIsCurrent(root)).toBe(false);
  });

  it("stays current when the build rewrote tsconfig.json (as next build does for another output folder): the file is put back", async () => {
    const root = tempRoot();
    const tsconfig = path.join(root, "tsconfig.json");
    fs.writeFileSync(tsconfig, '{ "include": ["**/*.ts"] }\n');
    const before = fs.statSync(tsconfig).mtimeMs;
    await buildApp(
      root,
      steps((r) => fs.writeFileSync(path.join(r, "tsconfig.json"), '{ "include": ["**/*.ts", ".next-x/types/**/*.ts"] }\n')),
    );
    expect(fs.readFileSync(tsconfig, "utf8")).toBe('{ "include": ["**/*.ts"] }\n');
    expect(Math.floor(fs.statSync(tsconfig).mtimeMs)).toBe(Math.floor(before));
    expect(buildIsCurrent(root)).toBe(true);
  });
});
