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
const child = spawn(process.execPath, serverArgs(port, host), { cwd: root, stdio: "inherit", env: { ...SERVER_ENV, ...process.env, PORT: port } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
