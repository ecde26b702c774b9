// How the server starts: the banner (URL, data, key) once, when the URL answers; and how it fails
// to: one clear line and exit status 1, never a stack trace for a setting the user got wrong, nor
// the same error twice.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverArgs } from "../../scripts/server-args.mjs";
import { ensureBuilt, freePort, ROOT, startServer, type RunningServer } from "../helpers/server";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-startup-"));

beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The built server on `port`, on a new embedded database under dataDir, with `env` added; output piped. */
function spawnServer(port: number, env: Record<string, string> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SIGHTLINE_DATA_DIR: fs.mkdtempSync(path.join(dataDir, "db-")), ...env };
  delete base.DATABASE_URL;
  return spawn(process.execPath, serverArgs(port), { cwd: ROOT, env: base, stdio: ["ignore", "pipe", "pipe"] });
}

/** Starts the built server with `env` added and waits for it to exit; its status and output. */
async function startFailing(port: number, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawnServer(port, env);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output };
}

describe("a server that cannot start", { timeout: 120_000 }, () => {
  it("names a bad setting once and exits with status 1", async () => {
    const { code, output } = await startFailing(await freePort(), { DATABASE_POOL_SIZE: "many" });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_POOL_SIZE");
    expect(output.match(/Invalid configuration/g)).toHaveLength(1);
    expect(output).not.toMatch(/^\s+at /m); // no stack trace
  });

  it("says which port is taken and exits with status 1", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await startFailing(port, {});
      expect(code).toBe(1);
      expect(output).toContain(`cannot listen on *:${port}`);
      expect(output).toMatch(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});

describe("a running server", { timeout: 120_000 }, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 180_000);
  afterAll(() => server?.stop());

  it("printed its banner once, after it listened", () => {
    const log = server.log();
    expect(log.match(/Sightline is running at/g)).toHaveLength(1);
    expect(log.indexOf("listening on")).toBeGreaterThan(-1);
    expect(log.indexOf("listening on")).toBeLessThan(log.indexOf("Sightline is running at"));
  });

  it("shrugs off clients that disconnect mid-body: nothing logged as an error, later requests answered", async () => {
    const port = Number(new URL(server.url).port);
    const before = server.log().length;
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.write(
            `POST /v1/custom HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${server.ingestKey}\r\n` +
              `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"type":"run",`,
          );
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on("close", () => resolve());
        socket.on("error", () => {});
      });
    }
    const now = new Date().toISOString();
    const res = await fetch(`${server.url}/v1/custom`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.ingestKey}` },
      body: JSON.stringify({ type: "run", run_id: "after-aborts", start_time: now, end_time: now, status_code: 0 }),
    });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // the aborted requests' handlers have finished by now
    expect(server.log().slice(before)).not.toMatch(/error/i);
  });
});

describe("log flooding without signing in", { timeout: 120_000 }, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 180_000);
  afterAll(() => server?.stop());

  const newLines = (before: number) => server.log().slice(before).split("\n").filter(Boolean);

  it("a forged session cookie, again and again: at most one line, no stack trace", async () => {
    const before = server.log().length;
    for (let i = 0; i < 10; i++) {
      for (const p of ["/runs", "/api/ui/runs?range=1d"]) {
        const res = await fetch(`${server.url}${p}`, { headers: { cookie: `next-auth.session-token=forged-${i}` }, redirect: "manual" });
        expect(res.status).toBeLessThan(500);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    const lines = newLines(before);
    expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
    expect(lines.length, lines.join("\n")).toBeLessThanOrEqual(1);
  });

  it("aborted uploads to /api/auth/*: at most one line, no stack trace", async () => {
    const port = Number(new URL(server.url).port);
    const before = server.log().length;
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.write(
            "POST /api/auth/callback/credentials HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
              "Content-Length: 4000\r\n\r\nemail=a%40example.com&password=",
          );
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on("close", () => resolve());
        socket.on("error", () => {});
      });
    }
    await new Promise((r) => setTimeout(r, 500));
    const lines = newLines(before);
    expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
    expect(lines.length, lines.join("\n")).toBeLessThanOrEqual(1);
  });
});

describe("a server whose output goes nowhere", { timeout: 180_000 }, () => {
  it("keeps serving, idle, after the reader of its stdout and stderr went away", async () => {
    const port = await freePort();
    const child = spawnServer(port);
    try {
      // Close our ends at its first line: every later write of the server fails with EPIPE
      // (as under `npm start | head -1`).
      await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
      child.stdout!.destroy();
      child.stderr!.destroy();
      const deadline = Date.now() + 90_000;
      let status = 0;
      while (Date.now() < deadline && status !== 401) {
        status = await fetch(`http://127.0.0.1:${port}/v1/custom`, { method: "POST", body: "{}", signal: AbortSignal.timeout(5000) }).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 401) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status).toBe(401); // answered: no key sent
      const statFile = `/proc/${child.pid}/stat`;
      if (fs.existsSync(statFile)) {
        // Idle means idle: it spun at 100% of a CPU logging its own logging errors.
        const cpuTicks = () =>
          fs
            .readFileSync(statFile, "utf8")
            .split(") ")[1]!
            .split(" ")
            .slice(11, 13)
            .reduce((a, b) => a + Number(b), 0);
        const before = cpuTicks();
        await new Promise((r) => setTimeout(r, 3000));
        expect(cpuTicks() - before).toBeLessThan(150); // ticks of 10 ms: under half of the 3 s
      }
    } finally {
      child.kill("SIGKILL");
    }
  });
});
