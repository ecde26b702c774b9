// The test object every spec imports: baseURL points at the server global-setup started, and
// `app` carries its keys and helpers to send data through the real ingestion endpoints.
import { test as base, expect, type Locator } from "@playwright/test";
import { ingestClient, type IngestClient } from "./helpers/ingest";

export const test = base.extend<{ app: IngestClient & { adminEmail: string; adminPassword: string } }>({
  baseURL: async ({}, use) => use(process.env.SIGHTLINE_E2E_URL),
  app: async ({}, use) => {
    const url = process.env.SIGHTLINE_E2E_URL!;
    await use({
      ...ingestClient(url, process.env.SIGHTLINE_E2E_INGEST_KEY!, process.env.SIGHTLINE_E2E_READ_KEY!),
      adminEmail: process.env.SIGHTLINE_E2E_ADMIN_EMAIL!,
      adminPassword: process.env.SIGHTLINE_E2E_ADMIN_PASSWORD!,
    });
  },
});

export { expect };

/** A short random tag, so each test's users, agents and runs are its own. */
export function nonce(): string {
  return Math.random().toString(36).slice(2, 8);
}

/**
 * Resolves once React has hydrated the element: text typed into the server-rendered HTML before
 * that is reset by hydration, and a key press on it reaches no handler.
 */
export async function hydrated(locator: Locator): Promise<void> {
  await expect.poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"))), { timeout: 15_000 }).toBe(true);
}
