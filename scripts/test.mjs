#!/usr/bin/env node
// `npm test`: every suite, in order, stopping at the first failure.
//  1. typecheck, then lint (ESLint with the house rules, and the Prettier check)
//  2. unit + integration tests on the embedded database (PGlite)
//  3. integration tests again on PostgreSQL when DATABASE_URL is set
//  4. contract tests: the published TCC SDK packages against the built, running app
//  5. browser tests (Playwright in the system Chromium) against the built app
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// The suites choose their own databases; a DATABASE_URL in the environment only enables stage 3.
const pgUrl = process.env.DATABASE_URL;
delete baseEnv.DATABASE_URL;

function run(title, cmd, args, env = baseEnv) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${title} failed after ${secs}s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${title} (${secs}s)`);
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p));
}

run("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
run("lint", "npm", ["run", "--silent", "lint"]);
run("unit and integration tests (embedded database)", bin("vitest"), ["run", "--project", "unit", "--project", "integration"]);
if (pgUrl) {
  run("integration tests (PostgreSQL)", bin("vitest"), ["run", "--project", "integration"], {
    ...baseEnv,
    SIGHTLINE_TEST_DB: "postgres",
    DATABASE_URL: pgUrl,
  });
} else {
  console.log("\n(DATABASE_URL is not set: the PostgreSQL pass is skipped)");
}
run("contract tests (published SDKs against the running app)", bin("vitest"), ["run", "--project", "contract"]);

const hasE2e = fs.existsSync(path.join(root, "e2e")) && fs.readdirSync(path.join(root, "e2e")).some((f) => f.endsWith(".spec.ts"));
if (hasE2e) {
  const chromium = chromiumPath();
  if (!chromium) {
    const msg = "Chromium was not found (install Debian's `chromium` package or set CHROMIUM_PATH).";
    if (process.env.CI || !process.env.SIGHTLINE_SKIP_E2E) {
      console.error(`\n✗ browser tests: ${msg} Set SIGHTLINE_SKIP_E2E=1 to skip them locally.`);
      process.exit(1);
    }
    console.warn(`\n(browser tests skipped: ${msg})`);
  } else {
    run("browser tests (Playwright, Chromium)", bin("playwright"), ["test"], { ...baseEnv, CHROMIUM_PATH: chromium });
  }
}
console.log("\nAll tests passed.");
