import { expect, nonce, test } from "./fixtures";

test("a tool's row on /tools and its page: latency, recent calls as text, errors, agent scope", async ({ page, app }) => {
  const tag = nonce();
  const tool = `lookup_${tag}`;
  const agent = `ta-${tag}`;
  await app.sendCustomRun({
    prompt: `find ${tag}`,
    agent,
    startedAgoMs: 300_000,
    toolCalls: [{ name: tool, args: `{"q":"<b>bold ${tag}</b>"}`, result: `<img src=x onerror=alert(1)> found ${tag}`, durationMs: 120 }],
  });
  await app.sendCustomRun({
    prompt: `find again ${tag}`,
    agent,
    status: 2,
    startedAgoMs: 200_000,
    toolCalls: [{ name: tool, args: `{"q":"again"}`, result: "", error: `Lookup API 503 for ${tag}`, durationMs: 900 }],
  });

  await page.goto(`/tools?range=1h`);
  await expect(page.getByRole("heading", { name: "Tools", exact: true })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: tool });
  await expect(row.getByRole("cell").nth(1)).toHaveText("2"); // calls
  await expect(row.getByRole("cell").nth(2)).toHaveText("1"); // errors
  await expect(row.getByRole("cell").nth(3)).toHaveText("50%"); // error rate
  await expect(row.getByRole("cell").nth(6)).toHaveText("2"); // runs
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await row.getByText(tool).click();

  await expect(page).toHaveURL(new RegExp(`/tools/${tool}\\?range=1h$`));
  await expect(page.getByRole("heading", { name: `Tool ${tool}` })).toBeVisible();
  await expect(page.locator('[data-kpi="Calls"]')).toContainText("2");
  await expect(page.locator('[data-kpi="Errors"]')).toContainText("50% error rate");
  await expect(page.getByRole("img", { name: "Latency distribution" })).toBeVisible();
  // Arguments and results are text: the markup shows literally and creates no element.
  await expect(page.getByText(`<b>bold ${tag}</b>`).first()).toBeVisible();
  await expect(page.getByText(`<img src=x onerror=alert(1)> found ${tag}`).first()).toBeVisible();
  await expect(page.locator("main img")).toHaveCount(0);
  await expect(page.getByText(`Lookup API 503 for ${tag}`).first()).toBeVisible();
  await expect(page.getByTestId("tool-call")).toHaveCount(3); // 1 recent error + 2 recent calls

  // The agent's version shows the same calls; another window has none; bad parameters say so.
  await page.goto(`/${agent}/tools/${tool}?range=1h`);
  await expect(page.getByRole("heading", { name: `${agent} · Tool ${tool}` })).toBeVisible();
  await expect(page.locator('[data-kpi="Calls"]')).toContainText("2");
  await page.goto(`/tools/${tool}?range=1h&to=${new Date(Date.now() - 2 * 3_600_000).toISOString()}`);
  await expect(page.getByText(`No calls of ${tool} in this time range`)).toBeVisible();
  await page.goto(`/tools?range=1h&sort=size`);
  await expect(page.getByText("These filters are not valid")).toBeVisible();
  await expect(page.getByText(/sort must be one of/)).toBeVisible();
});
