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
import { ensureBuilt, freePort, ROOT, startServer } from "../helpers/server";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-startup-"));

beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Starts the built server with `env` added and waits for it to exit; its status and output. */
async function startFailing(port: number, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SIGHTLINE_DATA_DIR: dataDir, ...env };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, serverArgs(port), { cwd: ROOT, env: base, stdio: ["ignore", "pipe", "pipe"] });
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

describe("a server that starts", { timeout: 120_000 }, () => {
  it("prints its banner once, after it listens", async () => {
    const server = await startServer();
    try {
      const log = server.log();
      expect(log.match(/Sightline is running at/g)).toHaveLength(1);
      expect(log.indexOf("listening on")).toBeGreaterThan(-1);
      expect(log.indexOf("listening on")).toBeLessThan(log.indexOf("Sightline is running at"));
    } finally {
      await server.stop();
    }
  });
});
