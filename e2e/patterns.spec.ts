// Patterns in the browser: a frustrated conversation sent through /v1/custom is found by the
// insight engine, shows on /{agent}/patterns with its example, opens its runs, and its evidence is
// marked on the run page; a user-defined pattern is created (after a validation message), its
// backfill finishes, and it is disabled and deleted.
import { expect, hydrated, nonce, test } from "./fixtures";

test("a frustrated conversation → /patterns → its runs → the evidence on the run page", async ({ page, app }) => {
  const tag = nonce();
  const agent = `care-${tag}`;
  const sessionId = `sess-${tag}`;
  await app.sendCustomRun({
    prompt: `Please cancel my subscription ${tag}`,
    response: "Would you like to pause it for a month instead?",
    sessionId,
    agent,
    userId: `u-${tag}`,
    startedAgoMs: 120_000,
  });
  const angry = await app.sendCustomRun({
    prompt: "I already told you, I want to cancel. You're not listening.",
    response: "I can pause it for a month.",
    sessionId,
    agent,
    userId: `u-${tag}`,
    startedAgoMs: 60_000,
  });

  // The engine analyses each run shortly after it is stored.
  const card = page.locator('[data-pattern="frustration"]').filter({ has: page.locator(`[data-example="${angry}"]`) });
  await expect
    .poll(
      async () => {
        await page.goto(`/${agent}/patterns?range=1h`);
        return card.count();
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toBe(1);
  await expect(card).toContainText("Frustration");
  await expect(card.locator("mark").first()).toHaveText(/already told you|not listening/i);
  await expect(page.locator("[data-engine-status]")).toContainText("Engine:");
  if (process.env.SIGHTLINE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/patterns.png", fullPage: true });

  await card.getByRole("link", { name: "Open runs →" }).click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs\\?range=1h&pattern=frustration$`));
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('[data-run-pattern="frustration"]')).toHaveText("Frustration");

  await rows.first().click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs/${angry}`));
  const panel = page.locator("[data-run-patterns]");
  await expect(panel.locator('[data-pattern="frustration"]')).toBeVisible();
  await expect(panel.locator('[data-evidence="turn"] mark').first()).toHaveText(/already told you|not listening/i);

  // The session marks the run.
  await page.goto(`/sessions/${sessionId}?range=1h`);
  await expect(page.locator(`[data-run-id="${angry}"] [data-turn-pattern="frustration"]`)).toBeVisible();
});

test("create a pattern (with a validation message first), watch its backfill, disable and delete it", async ({ page, app }) => {
  const tag = nonce();
  const agent = `shop-${tag}`;
  const hit = await app.sendCustomRun({ prompt: `Where is my refund for order ${tag}?`, response: "It is on its way.", agent, startedAgoMs: 3_600_000 });
  await app.sendCustomRun({ prompt: `What are your opening hours ${tag}?`, response: "9 to 5.", agent, startedAgoMs: 3_000_000 });

  await page.goto(`/${agent}/patterns?range=1d`);
  await page.getByRole("link", { name: "New pattern" }).click();
  await expect(page).toHaveURL(new RegExp(`/patterns/new\\?agent=${agent}$`));
  const name = page.getByLabel("Name");
  await hydrated(name);
  await name.fill(`Refunds ${tag}`);
  await page.getByLabel("Runs looked at").selectOption("all");
  await page.getByLabel("Condition 1 operator").selectOption("regex");
  await page.getByLabel("Condition 1 value").fill("refund (for");
  await page.getByRole("button", { name: "Create pattern" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not saved" })).toContainText(/Condition 1 · value: Invalid regex/);

  await page.getByLabel("Condition 1 value").fill(`refund for order ${tag}`);
  await page.getByRole("button", { name: "Create pattern" }).click();
  await expect(page).toHaveURL(/\/patterns\/pat_[0-9a-f]+$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  // The backfill shows its progress and refreshes the page until it is done.
  await expect(page.locator('[data-backfill="done"]')).toContainText("Backfill done", { timeout: 30_000 });
  await expect(page.getByText("A run matches when any of these hold:")).toBeVisible();
  await page.goto(`/patterns/${id}?range=1d`);
  await expect(page.locator(`[data-example="${hit}"]`)).toBeVisible();
  await expect(page.locator('[data-kpi="Runs"]')).toContainText("1");

  expect(await app.read(`/v1/patterns/${id}?range=1d`)).toMatchObject({ id, key: null, runCount: 1, examples: [{ runId: hit }] });

  await hydrated(page.getByRole("button", { name: "Disable" }));
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("disabled", { exact: true })).toBeVisible();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/patterns\?range=1d$/);
  await expect(page.getByText(`Refunds ${tag}`)).toHaveCount(0);
});
