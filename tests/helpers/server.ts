// Starts the built app (scripts/serve.mjs) on a free port with its own embedded database, for tests
// that need a real HTTP server: SDK contract tests, browser tests, benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_ENV, serverArgs } from "../../scripts/server-args.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningServer {
  url: string;
  ingestKey: string;
  readKey: string;
  adminEmail: string;
  adminPassword: string;
  dataDir: string;
  child: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Builds the app unless the build is current for the sources (see scripts/build-stamp.mjs). */
export async function ensureBuilt(): Promise<void> {
  const { buildIsCurrent } = await import(path.join(ROOT, "scripts", "build-stamp.mjs"));
  if (buildIsCurrent(ROOT)) return;
  const { buildApp } = await import(path.join(ROOT, "scripts", "build.mjs"));
  await buildApp(ROOT);
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  await ensureBuilt();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-test-"));
  const creds = {
    ingestKey: `sl_ingest_test_${port}_${Date.now()}`,
    readKey: `sl_read_test_${port}_${Date.now()}`,
    adminEmail: "admin@example.com",
    adminPassword: "correct-horse-battery",
  };
  const env: NodeJS.ProcessEnv = {
    ...SERVER_ENV,
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    SIGHTLINE_DATA_DIR: dataDir,
    SIGHTLINE_INIT_PROJECT: "Test project",
    SIGHTLINE_INIT_INGEST_KEY: creds.ingestKey,
    SIGHTLINE_INIT_READ_KEY: creds.readKey,
    SIGHTLINE_INIT_ADMIN_EMAIL: creds.adminEmail,
    SIGHTLINE_INIT_ADMIN_PASSWORD: creds.adminPassword,
    NEXTAUTH_URL: `http://localhost:${port}`,
    ...extraEnv,
  };
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, serverArgs(port), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://localhost:${port}`;
  // Start-up (migrations, bootstrap, Next.js) takes seconds on an idle machine; on the shared
  // 2-CPU development machine at a load average of 30 an embedded start took 186 s.
  const deadline = Date.now() + Number(process.env.SIGHTLINE_SERVER_START_MS ?? 300_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      // Any answer from an ingestion route means the app and its database are up.
      const r = await fetch(`${url}/v1/runs?range=5m`, { headers: { authorization: `Bearer ${creds.readKey}` } });
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      // Not left running: a server that missed its start-up deadline would otherwise load the
      // machine for the rest of the run.
      child.kill("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    ...creds,
    dataDir,
    child,
    log: () => output,
    async stop() {
      // Still running: neither exited nor killed by a signal (a killed child's exitCode stays null).
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
