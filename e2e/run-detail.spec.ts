import { expect, nonce, test } from "./fixtures";

test("open a run: spans in the timeline, a tool call's arguments and result", async ({ page, app }) => {
  const tag = nonce();
  const runId = await app.sendOtlpRun({
    agent: `detail-${tag}`,
    prompt: `Weather in Oslo ${tag}?`,
    tool: { name: "getWeather", args: { city: `Oslo-${tag}`, unit: "celsius" }, result: { temp: 4, condition: "snow" } },
    answer: "It is snowing.",
  });
  await page.goto("/runs?range=1h");
  await page.getByText(`Weather in Oslo ${tag}?`).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

  const tree = page.getByRole("tree", { name: "Span timeline" });
  await expect(tree.getByRole("treeitem", { name: /^ai\.generateText$/ })).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: /^ai\.generateText\.doGenerate/ })).toHaveCount(2);
  const tool = tree.getByRole("treeitem", { name: /^ai\.toolCall getWeather/ });
  await expect(tool).toBeVisible();

  await tool.click();
  await expect(page).toHaveURL(/node=span%3A/);
  const detail = page.getByRole("complementary", { name: "Selected span" });
  await expect(detail.getByText(`"city": "Oslo-${tag}"`)).toBeVisible();
  await expect(detail.getByText(`"condition": "snow"`)).toBeVisible();

  // An LLM call renders its messages as a chat.
  await tree
    .getByRole("treeitem", { name: /^ai\.generateText\.doGenerate/ })
    .first()
    .click();
  await expect(detail.locator('[data-role="system"]')).toContainText("You are a test agent.");
  await expect(detail.locator('[data-role="user"]')).toContainText(`Weather in Oslo ${tag}?`);
  await expect(detail.getByTestId("tool-call")).toContainText("getWeather");
});

test("thumbs down with text is recorded by the dashboard user and readable through the API", async ({ page, app }) => {
  const tag = nonce();
  const runId = await app.sendCustomRun({ prompt: `rate me ${tag}` });
  await page.goto(`/runs/${runId}`);
  await page.getByRole("button", { name: "Thumbs down" }).click();
  await expect(page.getByRole("button", { name: "Thumbs down" })).toHaveAttribute("aria-pressed", "true");
  const text = `wrong answer ${tag}`;
  await page.getByRole("textbox", { name: "Feedback text" }).fill(text);
  await expect(page.getByText(`${text.length} / 2000`)).toBeVisible();
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("status")).toHaveText("Feedback recorded.");
  const list = page.getByRole("list", { name: "Feedback on this run" });
  await expect(list).toContainText(text);
  await expect(list).toContainText("Admin");

  const run = await app.read<{ feedback: Array<{ score: string; text: string; source: string; author: string }> }>(`/v1/runs/${runId}`);
  expect(run.feedback).toHaveLength(1);
  expect(run.feedback[0]).toMatchObject({ score: "thumbs_down", text, source: "dashboard", author: "Admin" });

  // The run list shows the latest feedback too.
  await page.goto(`/runs?range=1h&feedback=thumbs_down`);
  await expect(page.getByText(`rate me ${tag}`)).toBeVisible();
});

test("feedback text is limited to 2000 characters", async ({ page, app }) => {
  const runId = await app.sendCustomRun({ prompt: `long feedback ${nonce()}` });
  await page.goto(`/runs/${runId}`);
  const box = page.getByRole("textbox", { name: "Feedback text" });
  await box.fill("x".repeat(2100));
  await expect(box).toHaveValue("x".repeat(2000));
  await expect(page.getByText("2000 / 2000")).toBeVisible();
});

test("span content is rendered as text, never as HTML", async ({ page, app }) => {
  const payload = "<img src=x onerror=alert(1)>";
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const runId = await app.sendCustomRun({
    prompt: payload,
    response: `<script>alert(2)</script>`,
    toolCalls: [{ name: "render", args: JSON.stringify({ html: payload }), result: payload }],
  });
  await page.goto("/runs?range=1h");
  await expect(page.getByText(payload).first()).toBeVisible();
  await page.goto(`/runs/${runId}`);
  const detail = page.getByRole("complementary", { name: "Selected span" });
  await expect(detail.getByText(payload, { exact: true })).toBeVisible();
  await page
    .getByRole("tree", { name: "Span timeline" })
    .getByRole("treeitem", { name: /^render/ })
    .click();
  await expect(detail.getByText(`"html": "${payload}"`)).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test("an unknown run is a 404", async ({ page }) => {
  const r = await page.goto(`/runs/does-not-exist-${nonce()}`);
  expect(r?.status()).toBe(404);
});

test("an id with a NUL in it is a 404 on every detail page, not an error", async ({ page }) => {
  // It reached PostgreSQL, which cannot hold NUL in text, and failed the page with a 500.
  for (const path of ["/runs/%00", "/sessions/a%00b", "/users/%00", "/orgs/%00"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});

test("a run with 5,000 spans stays usable: virtualised rows, search, select the last span", async ({ page, app }) => {
  const tag = nonce();
  const runId = `big-${tag}`;
  const traceId = "ab".repeat(16);
  const root = "f".repeat(16);
  const t0 = BigInt(Date.now() - 120_000) * 1_000_000n;
  const at = (ms: number) => String(t0 + BigInt(ms) * 1_000_000n);
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const common = [attr("ai.telemetry.metadata.tcc.runId", runId), attr("tcc.runId", runId)];
  const spans = [
    {
      traceId,
      spanId: root,
      name: "ai.generateText",
      kind: 1,
      startTimeUnixNano: at(0),
      endTimeUnixNano: at(60_000),
      attributes: [...common, attr("ai.prompt", JSON.stringify({ prompt: `huge run ${tag}` }))],
      status: { code: 0 },
    },
  ];
  for (let k = 1; k < 5000; k++) {
    spans.push({
      traceId,
      spanId: k.toString(16).padStart(16, "0"),
      parentSpanId: root,
      name: k === 4999 ? `last-span-${tag}` : `work.step.${k % 7}`,
      kind: 1,
      startTimeUnixNano: at(k * 10),
      endTimeUnixNano: at(k * 10 + (k % 3 ? 8 : 30)),
      attributes: [...common, attr("work.index", String(k))],
      status: { code: 0 },
    } as (typeof spans)[number]);
  }
  await app.postTraces({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "e2e" }, spans }] }] });

  const started = Date.now();
  await page.goto(`/runs/${runId}`);
  const tree = page.getByRole("tree", { name: "Span timeline" });
  await expect(tree.getByRole("treeitem").first()).toBeVisible();
  expect(Date.now() - started).toBeLessThan(15_000);
  // Only the rows on screen are in the DOM.
  const inDom = await tree.getByRole("treeitem").count();
  expect(inDom).toBeGreaterThan(10);
  expect(inDom).toBeLessThan(200);
  await expect(page.getByPlaceholder("Find in 5,000 spans…")).toBeVisible();

  await page.getByPlaceholder("Find in 5,000 spans…").fill(`last-span-${tag}`);
  await expect(page.getByText("1 match", { exact: true })).toBeVisible();
  // Jump to the end with the keyboard: the last span is scrolled into view and selected.
  await tree.getByRole("treeitem").nth(2).click();
  await tree.press("End");
  await expect(tree.getByRole("treeitem", { name: `last-span-${tag}` })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(new RegExp(`node=span%3A${(4999).toString(16).padStart(16, "0")}`));
  const detail = page.getByRole("complementary", { name: "Selected span" });
  await expect(detail.getByText("work.index")).toBeVisible();
  await expect(detail.getByText("4999", { exact: true })).toBeVisible();
});
