#!/usr/bin/env node
// `npm start`: build the app when there is no build for the current sources, then serve it.
// The server applies migrations and creates the default project and key on its first start
// (instrumentation.ts), so a fresh clone needs nothing else.
import { spawnSync, spawn } from "node:child_process";
import path from "node:path";
import { buildIsCurrent, writeBuildStamp } from "./build-stamp.mjs";
import { nextStartArgs } from "./server-args.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");

if (!buildIsCurrent(root)) {
  console.log("[sightline] building the app (first start, or the sources changed)…");
  const r = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeBuildStamp(root);
}

const port = process.env.PORT ?? "3000";
const host = process.env.HOSTNAME ?? process.env.HOST;
const child = spawn(process.execPath, nextStartArgs(next, port, host), { cwd: root, stdio: "inherit", env: { ...process.env, PORT: port } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
