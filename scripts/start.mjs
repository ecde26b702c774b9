#!/usr/bin/env node
// `npm start`: build the app when there is no build for the current sources, then serve it.
// The server applies migrations and creates the default project and key on its first start
// (lib/server/sightline.ts), so a fresh clone needs nothing else.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildIsCurrent } from "./build-stamp.mjs";
import { buildApp } from "./build.mjs";
import { SERVER_ENV, serverArgs } from "./server-args.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

// Signals go to the server, which stops (scripts/serve.mjs); during the build, scripts/build.mjs
// passes them on to `next build`. A signal that came between the two stops the start here.
let child;
let signalled;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    signalled = sig;
    child?.kill(sig);
  });
}

// npm runs this script through `sh -c`, and sh does not pass signals on: a SIGTERM sent to
// `npm start` ended npm and sh at once and left this process and the server running without them,
// holding the port and the data directory. Orphaned, this process stops as if it were signalled
// (only under npm: started on its own, it may be meant to outlive its shell, as with nohup).
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    process.kill(process.pid, "SIGTERM");
  }, 500);
  orphaned.unref();
}

if (!buildIsCurrent(root)) {
  console.log("[sightline] building the app (first start, or the sources changed)…");
  try {
    await buildApp(root);
  } catch (err) {
    console.error(`[sightline] ${err.message}`);
    process.exit(1);
  }
}

const port = process.env.PORT ?? "3000";
const host = process.env.HOSTNAME ?? process.env.HOST;
if (signalled) process.exit(1);
child = spawn(process.execPath, serverArgs(port, host), { cwd: root, stdio: "inherit", env: { ...SERVER_ENV, ...process.env, PORT: port } });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
