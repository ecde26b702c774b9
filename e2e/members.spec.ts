// Settings → Members: an admin removes a member or deactivates an account, and that person's
// open session ends at once (their next page is the sign-in page).
import type { Browser } from "@playwright/test";
import { expect, nonce, test } from "./fixtures";

async function signInAs(browser: Browser, baseURL: string, email: string, password: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/runs/);
  return { context, page };
}

async function addMember(page: import("@playwright/test").Page, email: string, password: string) {
  await page.goto("/settings");
  await page.locator("#member-email").fill(email);
  await page.locator("#member-password").fill(password);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status").filter({ hasText: email })).toBeVisible();
}

for (const action of ["Remove", "Deactivate"] as const) {
  test(`${action} ends the member's session at once`, async ({ page, browser, baseURL }) => {
    const email = `member-${nonce()}@example.com`;
    const password = "member-password-1";
    await addMember(page, email, password);
    const member = await signInAs(browser, baseURL!, email, password);
    await member.page.goto("/sessions");
    await expect(member.page.getByRole("navigation", { name: "Pages" })).toBeVisible();

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: `${action} ${email}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "their sessions have ended" })).toBeVisible();

    await member.page.goto("/runs");
    await expect(member.page).toHaveURL(/\/login/);
    await member.context.close();
    if (action === "Deactivate") {
      // And the account cannot sign in again.
      const again = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
      const p2 = await again.newPage();
      await p2.goto("/login");
      await p2.getByLabel("Email").fill(email);
      await p2.getByLabel("Password").fill(password);
      await p2.getByRole("button", { name: "Sign in" }).click();
      await expect(p2.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
      await again.close();
    }
  });
}

test("the last admin cannot remove themselves", async ({ page, app }) => {
  await page.goto("/settings");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Remove ${app.adminEmail}` }).click();
  await expect(page.getByText("last admin")).toBeVisible();
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/runs/);
});
