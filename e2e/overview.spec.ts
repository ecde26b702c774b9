import { expect, nonce, test } from "./fixtures";

test("the overview of one agent: exact KPIs, charts and top models", async ({ page, app }) => {
  const tag = nonce();
  const agent = `ov-${tag}`;
  await app.sendCustomRun({ prompt: `a ${tag}`, agent, userId: `ov-u1-${tag}`, orgId: `ov-o-${tag}`, startedAgoMs: 400_000 });
  await app.sendCustomRun({ prompt: `b ${tag}`, agent, userId: `ov-u1-${tag}`, orgId: `ov-o-${tag}`, startedAgoMs: 300_000 });
  await app.sendCustomRun({ prompt: `c ${tag}`, agent, userId: `ov-u2-${tag}`, status: 2, startedAgoMs: 200_000 });
  await app.sendCustomRun({ prompt: `d ${tag}`, agent, startedAgoMs: 100_000 });

  await page.goto(`/${agent}/overview?range=1h`);
  await expect(page.getByRole("heading", { name: `${agent} · Overview` })).toBeVisible();
  // The window is written as every other page writes times (ISO order, UTC), not "21/11/2026, 10:00:00".
  await expect(
    page.getByText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} – \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC, compared with the period before\.$/),
  ).toBeVisible();
  await expect(page.locator('[data-kpi="Runs"]')).toContainText("4");
  await expect(page.locator('[data-kpi="Failure rate"]')).toContainText("25%");
  await expect(page.locator('[data-kpi="Active users"]')).toContainText("2");
  await expect(page.locator('[data-kpi="Active orgs"]')).toContainText("1");
  await expect(page.locator(".recharts-wrapper")).toHaveCount(4);
  // Top users and orgs have their own pages; the overview keeps their distinct counts.
  await expect(page.getByRole("heading", { name: "Top users" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Top agents" })).toHaveCount(0);

  // The project-wide overview lists the agent among the top agents or at least renders its KPIs.
  await page.goto(`/overview?range=1h`);
  await expect(page.getByRole("heading", { name: "Top agents" })).toBeVisible();
  expect((await page.goto(`/no-such-agent-${tag}/overview`))?.status()).toBe(404);
});
