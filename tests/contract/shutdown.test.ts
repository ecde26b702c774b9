// How the server stops on SIGTERM (docker stop, systemd): within a few seconds even with an idle
// keep-alive connection and a streaming export that its client stopped reading, with the embedded
// database closed cleanly (its control file says "shut down", so the next start needs no recovery)
// and every run acknowledged before the signal there after a restart.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { serverArgs } from "../../scripts/server-args.mjs";
import { freePort, ROOT, startServer, type RunningServer } from "../helpers/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-shutdown-"));
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The server stops in well under docker stop's 10 s (scripts/serve.mjs: 3 s for requests in flight, then the database). */
const EXIT_BOUND_MS = 8_000;
// serve.mjs lets start-up finish within 60 s before it stops (a loaded CI machine took over 10 s).
const STARTUP_EXIT_BOUND_MS = 61_000;

/**
 * PostgreSQL's state in the embedded database's control file (pg_control: system identifier, two
 * version numbers, then DBState). 1 is DB_SHUTDOWNED; a database left open reads 6, DB_IN_PRODUCTION,
 * and is recovered from its write-ahead log on the next start.
 */
function controlState(dataDir: string): number {
  return fs.readFileSync(path.join(dataDir, "pglite", "global", "pg_control")).readInt32LE(16);
}
const DB_SHUTDOWNED = 1;

const runId = (n: number) => `5d0c2a4e-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Runs with a long response each, so that an export of them outgrows the socket buffers. */
function batch(from: number, count: number) {
  const start = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) => ({
    type: "run",
    run_id: runId(from + i),
    start_time: start,
    end_time: start,
    status_code: 0,
    prompt: { user_prompt: `Question ${from + i}` },
    response: `Answer ${from + i}. ${"All good. ".repeat(2_000)}`,
  }));
  return { type: "batch", items };
}

async function ingest(server: RunningServer, body: unknown) {
  const res = await fetch(`${server.url}/v1/custom`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.ingestKey}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** An HTTP/1.1 keep-alive connection left open and idle after one answered request. */
async function idleKeepAlive(server: RunningServer): Promise<http.Agent> {
  const agent = new http.Agent({ keepAlive: true });
  const status = await new Promise<number>((resolve, reject) => {
    http
      .get(`${server.url}/v1/runs?range=1h`, { agent, headers: { authorization: `Bearer ${server.readKey}` } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      })
      .on("error", reject);
  });
  expect(status).toBe(200);
  return agent;
}

/** A streaming export whose client read its first bytes and then stopped reading. */
async function stalledExport(server: RunningServer): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}/v1/runs/export?range=1h&format=jsonl`, { headers: { authorization: `Bearer ${server.readKey}` } }, (res) => {
      expect(res.statusCode).toBe(200);
      res.once("data", () => {
        res.pause();
        resolve(req);
      });
    });
    req.on("error", (err) => (req.destroyed ? undefined : reject(err)));
  });
}

describe("SIGTERM", { timeout: 240_000 }, () => {
  it("stops the server promptly and cleanly, keeping what it acknowledged (embedded database)", async () => {
    const first = await startServer({ SIGHTLINE_DATA_DIR: dir });
    servers.push(first);
    const RUNS = 600;
    for (let i = 0; i < RUNS; i += 100) await ingest(first, batch(i, 100));

    const agent = await idleKeepAlive(first);
    const exportReq = await stalledExport(first);
    exportReq.on("error", () => {}); // the server cuts it
    // Still streaming: the export is far larger than what the sockets hold.
    expect(exportReq.socket?.destroyed).toBe(false);

    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      first.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const signalledAt = Date.now();
    first.child.kill("SIGTERM");
    const { code, signal } = await exited;
    const took = Date.now() - signalledAt;
    agent.destroy();

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(EXIT_BOUND_MS);
    expect(first.log()).toContain("[sightline] stopped");
    expect(controlState(dir)).toBe(DB_SHUTDOWNED);

    const second = await startServer({ SIGHTLINE_DATA_DIR: dir });
    servers.push(second);
    const res = await fetch(`${second.url}/v1/runs/export?range=1h&format=jsonl`, { headers: { authorization: `Bearer ${second.readKey}` } });
    expect(res.status).toBe(200);
    const ids = (await res.text())
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: RUNS }, (_, i) => runId(i))));
  });

  it("exits at once on a second signal", async () => {
    const server = await startServer();
    servers.push(server);
    await ingest(server, batch(0, 300));
    const exportReq = await stalledExport(server);
    exportReq.on("error", () => {});

    const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));
    server.child.kill("SIGTERM");
    // Past the window in which a repeat counts as the same signal delivered twice.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(server.child.exitCode).toBeNull(); // still waiting for the export
    const again = Date.now();
    server.child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(Date.now() - again).toBeLessThan(1_000);
  });

  it("stops a server that is still starting, and the database opens again", async () => {
    const startupDir = fs.mkdtempSync(path.join(dir, "startup-"));
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SIGHTLINE_DATA_DIR: startupDir };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, serverArgs(await freePort()), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    // While the embedded database is being created (a new one takes seconds): nothing listens yet.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(output).not.toContain("listening on");
    const signalledAt = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null }); // 1 past serve.mjs's start-up bound
    // Start-up (the new database's creation and migrations) is finished first, then the database closed.
    expect(Date.now() - signalledAt).toBeLessThan(STARTUP_EXIT_BOUND_MS);
    expect(output).not.toContain("listening on");
    if (fs.existsSync(path.join(startupDir, "pglite", "global", "pg_control"))) expect(controlState(startupDir)).toBe(DB_SHUTDOWNED);

    const again = await startServer({ SIGHTLINE_DATA_DIR: startupDir });
    servers.push(again);
    await ingest(again, batch(0, 1));
  });
});
