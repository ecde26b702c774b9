// Topics and recaps in the browser, on data sent through the ingestion endpoint and processed by
// the engine running inside the server: Re-cluster → topics → a topic's page → its runs → the
// run's topic; and a daily recap written by the engine → its page → copy as Markdown.
import fs from "node:fs";
import { expect, nonce, test } from "./fixtures";

interface Intent {
  intent: string;
  keyTerm: string;
  prompts: string[];
}
const corpus = JSON.parse(fs.readFileSync(new URL("../tests/fixtures/topics/intents.json", import.meta.url), "utf8")) as { intents: Intent[] };

test("Re-cluster finds the topics users ask about; a topic opens its prompts and runs; a run shows its topic", async ({ page, app }) => {
  test.setTimeout(180_000);
  const tag = nonce();
  const agent = `shop-${tag}`;
  // Four distinct intents, as in tests/integration/topics.test.ts: close ones (a refund and a late
  // order) can fall into one topic at this size.
  const picked = corpus.intents.filter((i) => ["password_reset", "cancel_subscription", "delete_account", "sizing"].includes(i.intent));
  expect(picked).toHaveLength(4);
  for (const [k, intent] of picked.entries()) {
    for (const [n, prompt] of intent.prompts.slice(0, 15).entries()) {
      await app.sendCustomRun({ prompt, agent, sessionId: `${tag}-${k}-${n % 5}`, userId: `${tag}-u${n % 3}`, startedAgoMs: 10 * 60_000 + n * 1000 });
    }
  }
  await page.goto(`/${agent}/topics?range=1d`);
  await expect(page.getByRole("heading", { name: `${agent} · Topics` })).toBeVisible();
  await page.getByRole("button", { name: "Re-cluster" }).click();
  // The engine may have clustered the first prompts on its own already; the re-clustering asked
  // for here sees all four intents.
  const rowsOf = page.getByTestId("topics-table").locator("tbody tr");
  await expect
    .poll(
      async () => {
        await page.reload();
        return rowsOf.count();
      },
      { timeout: 120_000, intervals: [3000] },
    )
    .toBe(4);
  const password = page.getByTestId("topics-table").getByRole("link", { name: /password/ });
  await expect(password).toHaveCount(1);

  await password.click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/topics/top_`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("password");
  await expect(page.getByTestId("topic-examples").getByRole("listitem").first()).toBeVisible();

  await page.getByRole("link", { name: "Its runs" }).click();
  await expect(page).toHaveURL(/\/runs\?.*topic=top_/);
  const rows = page.getByRole("row").filter({ hasText: /password|log in|locked/i });
  await expect(rows.first()).toBeVisible();
  await rows.first().click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs/`));
  await expect(page.getByRole("link", { name: /password/ })).toBeVisible();
});

test("the engine writes yesterday's recap; its page shows the figures and copies as Markdown", async ({ page, app, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const tag = nonce();
  const agent = `rc-${tag}`;
  const now = new Date();
  const yesterdayNoon = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 12);
  for (let i = 0; i < 3; i++) {
    await app.sendCustomRun({
      prompt: `question ${i} ${tag}`,
      agent,
      sessionId: `${tag}-s${i}`,
      status: i === 0 ? 2 : 0,
      startedAgoMs: Date.now() - yesterdayNoon + i * 60_000,
    });
  }
  await app.sendCustomRun({ prompt: `today ${tag}`, agent, sessionId: `${tag}-today` });
  const key = new Date(yesterdayNoon).toISOString().slice(0, 10);

  await page.goto(`/${agent}/recaps`);
  await expect(page.getByText(/Daily recap, .* \(so far\)/)).toBeVisible();
  const link = page.getByTestId("recaps-table").getByRole("link", { name: key });
  await expect
    .poll(
      async () => {
        await page.reload();
        return link.count();
      },
      { timeout: 120_000, intervals: [3000] },
    )
    .toBe(1);
  await link.click();
  await expect(page.getByRole("heading", { name: `Daily recap, ${key} · ${agent}` })).toBeVisible();
  // Another agent's page does not show this agent's recap: a 404 status, not a 200 "Not found".
  const recapId = new URL(page.url()).pathname.split("/").pop()!;
  await app.sendCustomRun({ prompt: `other ${tag}`, agent: `rc-other-${tag}` });
  expect((await page.request.get(`/rc-other-${tag}/recaps/${recapId}`)).status()).toBe(404);
  expect((await page.request.get(`/recaps/${recapId}`)).status()).toBe(200);
  const stats = page.getByTestId("recap-stats");
  await expect(stats.getByText("Runs", { exact: true }).locator("..")).toContainText("3");
  await expect(stats.getByText("Failure rate", { exact: true }).locator("..")).toContainText("33");
  await page.getByRole("button", { name: "Copy as Markdown" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied." })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`Daily recap, ${key}`);
  expect(copied).toContain(agent);
});

test("an unknown topic or recap is a 404 status, at the top level and under an agent", async ({ page, app }) => {
  // The pages resolved the id below their loading boundary: the "Not found" page came with a 200.
  const tag = nonce();
  const agent = `nf-${tag}`;
  await app.sendCustomRun({ prompt: `hello ${tag}`, agent });
  for (const path of [`/topics/top_nope${tag}`, `/recaps/rcp_nope${tag}`, `/${agent}/topics/top_nope${tag}`, `/${agent}/recaps/rcp_nope${tag}`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByText("There is no such page")).toBeVisible();
  }
});
