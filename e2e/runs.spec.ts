import { expect, hydrated, nonce, test } from "./fixtures";

const rows = (page: import("@playwright/test").Page) => page.locator("tbody tr");

test("filter runs by user through the UI: the URL changes and the table shrinks", async ({ page, app }) => {
  const tag = nonce();
  const alice = `alice-${tag}`;
  await app.sendCustomRun({ prompt: `alice first ${tag}`, userId: alice, userName: `Alice ${tag}` });
  await app.sendCustomRun({ prompt: `alice second ${tag}`, userId: alice, userName: `Alice ${tag}` });
  await app.sendCustomRun({ prompt: `bob only ${tag}`, userId: `bob-${tag}` });

  await page.goto("/runs?range=1h");
  await expect(page.getByText(`bob only ${tag}`)).toBeVisible();
  const before = await rows(page).count();
  expect(before).toBeGreaterThanOrEqual(3);

  const user = page.getByRole("textbox", { name: "User" });
  await hydrated(user);
  await user.fill(alice);
  await user.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]userId=${alice}(&|$)`));
  await expect(page).toHaveURL(/range=1h/);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByText(`alice first ${tag}`)).toBeVisible();
  await expect(page.getByText(`bob only ${tag}`)).toHaveCount(0);

  // The same URL, loaded fresh (a shared link), shows the same view.
  await page.goto(`/runs?userId=${alice}&range=1h`);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByRole("textbox", { name: "User" })).toHaveValue(alice);
});

test("sorting and other filters live in the URL with the read API's names", async ({ page, app }) => {
  const tag = nonce();
  await app.sendCustomRun({ prompt: `failing ${tag}`, status: 2, userId: `u-${tag}` });
  await app.sendCustomRun({ prompt: `fine ${tag}`, userId: `u-${tag}` });
  await page.goto(`/runs?range=1h&userId=u-${tag}`);
  await expect(rows(page)).toHaveCount(2);
  await hydrated(page.getByRole("combobox", { name: "Status" }));
  await page.getByRole("combobox", { name: "Status" }).selectOption("error");
  await expect(page).toHaveURL(/status=error/);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByText(`failing ${tag}`)).toBeVisible();
  await page.getByRole("button", { name: "Duration" }).click();
  await expect(page).toHaveURL(/sort=duration/);
});

test("new runs appear without a reload", async ({ page, app }) => {
  const tag = nonce();
  await app.sendCustomRun({ prompt: `first ${tag}`, userId: `live-${tag}` });
  await page.goto(`/runs?range=1h&userId=live-${tag}`);
  await expect(rows(page)).toHaveCount(1);
  await app.sendCustomRun({ prompt: `arrived later ${tag}`, userId: `live-${tag}`, startedAgoMs: 1000 });
  await expect(page.getByText(`arrived later ${tag}`)).toBeVisible({ timeout: 15_000 });
  await expect(rows(page)).toHaveCount(2);
});

test("the agent selector switches to /{agent}/runs with only that agent's runs", async ({ page, app }) => {
  const tag = nonce();
  const agent = `e2e-bot-${tag}`;
  await app.sendCustomRun({ prompt: `for the bot ${tag}`, agent });
  await app.sendCustomRun({ prompt: `for the bot again ${tag}`, agent });
  await app.sendCustomRun({ prompt: `another agent ${tag}`, agent: `other-${tag}` });

  await page.goto("/runs?range=1h");
  await expect(page.getByText(`another agent ${tag}`)).toBeVisible();
  await page.getByRole("button", { name: /^Agent: / }).click();
  await page.getByRole("menuitemradio", { name: agent }).click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs\\?range=1h$`));
  await expect(page.getByRole("heading", { name: `${agent} · Runs` })).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByText(`another agent ${tag}`)).toHaveCount(0);

  // On an agent's page the path's agent wins: a conflicting agent parameter leaves the URL.
  await page.goto(`/${agent}/runs?range=1h&agent=other-${tag}`);
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs\\?range=1h$`));
  await expect(rows(page)).toHaveCount(2);
  await page.goto(`/${agent}/overview?agent=other-${tag}&range=1h`);
  await expect(page).toHaveURL(new RegExp(`/${agent}/overview\\?range=1h$`));
  await expect(page.getByRole("heading", { name: `${agent} · Overview` })).toBeVisible();
  await expect(page.getByText(/Unknown parameter/)).toHaveCount(0);
  await page.goto(`/${agent}/runs?range=1h`);

  // Back to all agents keeps the page.
  await page.getByRole("button", { name: `Agent: ${agent}` }).click();
  await page.getByRole("menuitemradio", { name: "All agents" }).click();
  await expect(page).toHaveURL(/\/runs\?range=1h$/);
  await expect(page.getByText(`another agent ${tag}`)).toBeVisible();
});

test("an unknown agent slug is a 404, and top-level routes win over agent slugs", async ({ page }) => {
  const r = await page.goto("/no-such-agent-zz9/runs");
  expect(r?.status()).toBe(404);
  await expect(page.getByText("Not found")).toBeVisible();
  // "tools" is a page, never an agent.
  const tools = await page.goto("/tools");
  expect(tools?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Tools", exact: true })).toBeVisible();
});

test("a filter that matches nothing says so instead of showing the first-run guide", async ({ page }) => {
  await page.goto(`/runs?range=5m&userId=nobody-${nonce()}`);
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await expect(page.getByText("TCC_BASE_URL")).toHaveCount(0);
});
