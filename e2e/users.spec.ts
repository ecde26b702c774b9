import { expect, nonce, test } from "./fixtures";

test("a user's row in the users table and their page with runs, sessions and trend", async ({ page, app }) => {
  const tag = nonce();
  const user = { userId: `user-${tag}`, userName: `Uma ${tag}`, orgId: `org-${tag}` };
  await app.sendCustomRun({ prompt: `first ${tag}`, sessionId: `s-${tag}`, agent: `ua-${tag}`, ...user, startedAgoMs: 300_000 });
  await app.sendCustomRun({ prompt: `second ${tag}`, sessionId: `s-${tag}`, agent: `ua-${tag}`, ...user, status: 2, startedAgoMs: 200_000 });

  await page.goto(`/users?range=1h`);
  const row = page.getByRole("row").filter({ hasText: `Uma ${tag}` });
  await expect(row).toContainText(`user-${tag}`);
  await expect(row.getByRole("cell").nth(2)).toHaveText("2"); // runs
  await expect(row.getByRole("cell").nth(3)).toHaveText("1"); // sessions
  await expect(row.getByRole("cell").nth(4)).toHaveText("50%"); // failure rate
  await row.getByText(`Uma ${tag}`).click();

  await expect(page).toHaveURL(new RegExp(`/users/user-${tag}\\?range=1h$`));
  await expect(page.getByRole("heading", { name: `Uma ${tag}` })).toBeVisible();
  await expect(page.locator('[data-kpi="Runs"]')).toContainText("2");
  await expect(page.locator('[data-kpi="Sessions"]')).toContainText("1");
  await expect(page.locator('[data-kpi="Failure rate"]')).toContainText("50%");
  await expect(page.getByText(`first ${tag}`)).toBeVisible();
  await expect(page.getByText(`s-${tag}`)).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();

  // The org page lists the user; the agent-scoped users table shows only that agent's users.
  await page.goto(`/orgs/org-${tag}?range=1h`);
  await expect(page.locator('[data-kpi="Runs"]')).toContainText("2");
  await expect(page.getByText(`Uma ${tag}`)).toBeVisible();
  await page.goto(`/ua-${tag}/users?range=1h`);
  await expect(page.getByRole("row").filter({ hasText: `Uma ${tag}` })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2); // header + this user

  expect((await page.goto(`/users/nobody-${tag}`))?.status()).toBe(404);
});
