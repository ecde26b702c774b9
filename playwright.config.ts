// Browser tests in the system Chromium against the built app (`npm run build` + scripts/serve.mjs),
// started once by e2e/global-setup.ts with its own database; the admin signs in once and the
// storage state is reused. Data is sent through the real ingestion endpoints.
import { defineConfig } from "@playwright/test";

export const STORAGE_STATE = "e2e/.auth/admin.json";

export default defineConfig({
  testDir: "e2e",
  testMatch: /.*\.spec\.ts$/,
  globalSetup: "./e2e/global-setup.ts",
  // Two cores shared with a running server: one worker keeps timings stable.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    storageState: STORAGE_STATE,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
