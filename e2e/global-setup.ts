// Starts the built app once for all browser tests, signs the admin in and saves the session.
// With SIGHTLINE_E2E_DATABASE_URL (a PostgreSQL server URL) the app runs on a fresh PostgreSQL
// database created here and dropped afterwards; otherwise on its own embedded database.
import { chromium, type FullConfig } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../tests/helpers/server";

async function freshPostgres(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const pg = (await import("pg")).default;
  const name = `sightline_e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export default async function globalSetup(config: FullConfig) {
  const pgBase = process.env.SIGHTLINE_E2E_DATABASE_URL;
  const db = pgBase ? await freshPostgres(pgBase) : null;
  // Recaps are written once their runs have been left unchanged this long (10 minutes by default).
  const server = await startServer({ SIGHTLINE_RECAP_SETTLE_S: "5", ...(db ? { DATABASE_URL: db.url } : {}) });
  process.env.SIGHTLINE_E2E_URL = server.url;
  process.env.SIGHTLINE_E2E_INGEST_KEY = server.ingestKey;
  process.env.SIGHTLINE_E2E_READ_KEY = server.readKey;
  process.env.SIGHTLINE_E2E_ADMIN_EMAIL = server.adminEmail;
  process.env.SIGHTLINE_E2E_ADMIN_PASSWORD = server.adminPassword;

  const use = config.projects[0]!.use;
  const storage = String(use.storageState);
  fs.mkdirSync(path.dirname(storage), { recursive: true });
  const browser = await chromium.launch(use.launchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(server.adminEmail);
    await page.getByLabel("Password").fill(server.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/runs/);
    await page.context().storageState({ path: storage });
  } catch (err) {
    console.error(server.log());
    await server.stop();
    throw err;
  } finally {
    await browser.close();
  }
  return async () => {
    if (process.env.SIGHTLINE_E2E_SERVER_LOG) fs.writeFileSync(process.env.SIGHTLINE_E2E_SERVER_LOG, server.log());
    await server.stop();
    await db?.drop();
  };
}
