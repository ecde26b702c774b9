import { expect, test } from "./fixtures";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a dashboard page redirects to /login and comes back after sign-in", async ({ page, app }) => {
    await page.goto("/runs?status=error");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fruns%3Fstatus%3Derror/);
    await page.getByLabel("Email").fill(app.adminEmail);
    await page.getByLabel("Password").fill(app.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/runs\?status=error$/);
    await expect(page.getByRole("heading", { name: "Runs", exact: true })).toBeVisible();
  });

  test("every kind of dashboard URL is gated, and the session API answers 401", async ({ request }) => {
    for (const path of ["/runs", "/runs/some-run", "/some-agent/runs", "/settings", "/"]) {
      const r = await request.get(path, { maxRedirects: 0 });
      expect(r.status(), path).toBe(307);
      expect(r.headers().location, path).toMatch(/\/login/);
    }
    const api = await request.get("/api/ui/runs?range=1d");
    expect(api.status()).toBe(401);
    expect((await api.json()).error.code).toBe("unauthenticated");
  });

  test("a forged session cookie gets the login page, not data", async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: "next-auth.session-token", value: "forged", url: baseURL! }]);
    await page.goto("/runs");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a wrong password is refused with a message", async ({ page, app }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(app.adminEmail);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("setup is closed once an account exists", async ({ page }) => {
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/login/);
  });
});

test("signed in, the shell links every page and signs out", async ({ page }) => {
  await page.goto("/runs");
  const nav = page.getByRole("navigation", { name: "Pages" });
  for (const label of [
    "Overview",
    "Runs",
    "Sessions",
    "Feedback",
    "Users",
    "Orgs",
    "Failures",
    "Tools",
    "Patterns",
    "Topics",
    "Recaps",
    "Search",
    "Views",
    "Settings",
    "MCP & API",
  ]) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  await nav.getByRole("link", { name: "Tools" }).click();
  await expect(page.getByRole("heading", { name: "Tools", exact: true })).toBeVisible();
});
