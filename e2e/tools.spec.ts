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
  // Its top error signature, linking to the failure group in the same window.
  const topError = row.getByRole("link", { name: /Lookup API <int> for/ });
  await expect(topError).toBeVisible();
  await expect(row).toContainText("×1");
  await expect(topError).toHaveAttribute("href", /^\/failures\/[0-9a-f]{16}\?range=1h$/);
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
  // Per agent, the top error opens the agent's version of the group.
  await page.getByRole("link", { name: /Lookup API <int> for/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/failures/[0-9a-f]{16}\\?range=1h$`));
  await expect(page.getByTestId("failure-variants")).toContainText(`Lookup API 503 for ${tag}`);
  await page.goto(`/tools/${tool}?range=1h&to=${new Date(Date.now() - 2 * 3_600_000).toISOString()}`);
  await expect(page.getByText(`No calls of ${tool} in this time range`)).toBeVisible();
  await page.goto(`/tools?range=1h&sort=size`);
  await expect(page.getByText("These filters are not valid")).toBeVisible();
  await expect(page.getByText(/sort must be one of/)).toBeVisible();
});

test("screenshot of /tools with several tools and their top errors", async ({ page, app }) => {
  test.skip(!process.env.SIGHTLINE_SCREENSHOTS, "set SIGHTLINE_SCREENSHOTS=1 to regenerate docs/screenshots/tools.png");
  const agent = `support-${nonce()}`;
  const calls: Array<[string, number, string?]> = [
    ["search_docs", 140],
    ["search_docs", 95],
    ["search_docs", 610, "Error: timeout of 500ms exceeded"],
    ["search_docs", 180],
    ["get_order", 45],
    ["get_order", 52, "HTTP 404 Not Found for /orders/81723"],
    ["get_order", 38, "HTTP 404 Not Found for /orders/90211"],
    ["get_order", 41],
    ["refund_payment", 900, "card declined for order 1001"],
    ["refund_payment", 850],
    ["refund_payment", 1200, "Stripe API 503 Service Unavailable"],
    ["send_email", 300],
    ["send_email", 280],
    ["create_ticket", 520],
  ];
  for (const [i, [name, durationMs, error]] of calls.entries()) {
    await app.sendCustomRun({
      prompt: `request ${i}`,
      agent,
      userId: `user-${i % 4}`,
      startedAgoMs: 3_000_000 - i * 150_000,
      toolCalls: [{ name, args: `{"q":"${i}"}`, result: error ? "" : "ok", ...(error ? { error } : {}), durationMs }],
    });
  }
  await page.goto(`/${agent}/tools?range=1h`);
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: "refund_payment" })
      .getByRole("link", { name: /card declined/ }),
  ).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/tools.png", fullPage: true });
});
