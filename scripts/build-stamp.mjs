// Decides whether `.next` was built from the current sources, so `npm start` rebuilds only
// when needed: a hash of every source file's path, size and modification time.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "scripts/ingest-entry.ts",
  "scripts/build.mjs",
  "components",
  "lib",
  "prisma",
  "public",
  "instrumentation.ts",
  "middleware.ts",
  "proxy.ts",
  "next.config.mjs",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "package.json",
  "tsconfig.json",
];

function walk(p, out) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) if (!name.startsWith(".") && name !== "node_modules") walk(path.join(p, name), out);
  } else if (!/\.test\.tsx?$/.test(p)) {
    out.push(`${p}:${st.size}:${Math.floor(st.mtimeMs)}`);
  }
}

export function sourceHash(root) {
  const entries = [];
  for (const s of SOURCES) walk(path.join(root, s), entries);
  return crypto.createHash("sha256").update(entries.join("\n")).digest("hex");
}

export const distDir = (root) => path.join(root, process.env.SIGHTLINE_DIST_DIR || ".next");
const stampFile = (root) => path.join(distDir(root), "sightline-build-stamp");
/** The bundle of the ingestion endpoints (scripts/build.mjs), inside the build folder. */
export const INGEST_BUNDLE = "sightline-ingest.mjs";

export function buildIsCurrent(root) {
  if (!fs.existsSync(path.join(distDir(root), "BUILD_ID")) || !fs.existsSync(path.join(distDir(root), INGEST_BUNDLE))) return false;
  try {
    return fs.readFileSync(stampFile(root), "utf8") === sourceHash(root);
  } catch {
    return false;
  }
}

/** Stamps the build with `hash`: the sources' hash from before the build started. */
export function writeBuildStamp(root, hash) {
  fs.writeFileSync(stampFile(root), hash);
}
