#!/usr/bin/env node
// `npm run build` (and `npm start` / the test servers when the sources changed): builds the
// Next.js app, then bundles the ingestion endpoints (lib/server/ingest/endpoints.ts) into
// `<distDir>/sightline-ingest.mjs` for the server's direct ingestion path (scripts/serve.mjs),
// then stamps the build with a hash of the sources (build-stamp.mjs) taken before it started: a
// source edited while the build ran leaves a stale stamp, so the next `npm start` builds again.
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { distDir, INGEST_BUNDLE, sourceHash, writeBuildStamp } from "./build-stamp.mjs";

const SIGNALS = ["SIGINT", "SIGTERM"];

/** `server-only` throws outside React Server Components; the bundle is server code only. */
const serverOnlyIsEmpty = {
  name: "server-only",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};

export async function bundleIngest(root) {
  const { build } = await import("esbuild");
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "scripts", "ingest-entry.ts")],
    outfile: path.join(distDir(root), INGEST_BUNDLE),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from node_modules at run time, as Next.js's serverExternalPackages do: the
    // database drivers must be the same instances the rest of the app uses.
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    plugins: [serverOnlyIsEmpty],
    logLevel: "warning",
  });
}

/**
 * Runs `next build`. Not spawnSync: `npm start` builds on its first start, and a SIGTERM or SIGINT
 * that arrived during a synchronous build killed only this process and left the build running
 * without it. The signal is passed on to the build instead, which then fails.
 */
async function nextBuild(root) {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const forward = (sig) => child.kill(sig);
  for (const sig of SIGNALS) process.on(sig, forward);
  try {
    const [code, signal] = await once(child, "exit");
    if (signal) throw new Error(`next build stopped by ${signal}`);
    if (code !== 0) throw new Error("next build failed");
  } finally {
    for (const sig of SIGNALS) process.off(sig, forward);
  }
}

/**
 * Builds everything `scripts/serve.mjs` serves; throws when a step fails. The steps can be
 * replaced (tests).
 */
export async function buildApp(root, steps = { nextBuild, bundleIngest }) {
  const hash = sourceHash(root);
  await keepingFiles(root, ["tsconfig.json"], () => steps.nextBuild(root));
  await steps.bundleIngest(root);
  writeBuildStamp(root, hash);
}

/**
 * Runs `fn`, then puts back each of `files` (paths under `root`) that it changed, with its content
 * and times. `next build` adds its output folder's type folders to tsconfig.json when that folder
 * is not `.next` (SIGHTLINE_DIST_DIR): the checkout was left with a changed file, and, tsconfig.json
 * being a source of the build stamp, every `npm start` found the build stale and built again.
 */
export async function keepingFiles(root, files, fn) {
  const saved = files.flatMap((f) => {
    const p = path.join(root, f);
    return fs.existsSync(p) ? [{ p, data: fs.readFileSync(p), st: fs.statSync(p) }] : [];
  });
  try {
    return await fn();
  } finally {
    for (const { p, data, st } of saved) {
      if (fs.existsSync(p) && fs.readFileSync(p).equals(data)) continue;
      fs.writeFileSync(p, data);
      fs.utimesSync(p, st.atimeMs / 1000, st.mtimeMs / 1000);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp(process.cwd()).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
