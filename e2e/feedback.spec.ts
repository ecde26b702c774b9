import { expect, nonce, test } from "./fixtures";

test("thumbs down with text on a run page appears on the feedback page, filterable by score and agent", async ({ page, app }) => {
  const tag = nonce();
  const agent = `fb-${tag}`;
  const runId = await app.sendCustomRun({ prompt: `rate this ${tag}`, agent, userId: `fb-user-${tag}`, userName: `Frida ${tag}` });
  await page.goto(`/runs/${runId}`);
  await page.getByRole("button", { name: "Thumbs down" }).click();
  const text = `it ignored my question ${tag}`;
  await page.getByRole("textbox", { name: "Feedback text" }).fill(text);
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("status")).toHaveText("Feedback recorded.");

  await page.goto("/feedback?range=1h");
  const row = page.getByRole("row").filter({ hasText: text });
  await expect(row).toBeVisible();
  await expect(row.getByLabel("thumbs down")).toBeVisible();
  await expect(row).toContainText(agent);
  await expect(row).toContainText(`Frida ${tag}`);
  await expect(row).toContainText(`rate this ${tag}`);

  await page.goto("/feedback?range=1h&feedback=thumbs_down");
  await expect(page.getByText(text)).toBeVisible();
  await page.goto("/feedback?range=1h&feedback=thumbs_up");
  await expect(page.getByText(text)).toHaveCount(0);

  await page.goto(`/${agent}/feedback?range=1h`);
  await expect(page.getByRole("heading", { name: `${agent} · Feedback` })).toBeVisible();
  await page.getByText(text).click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs/${runId}$`));
});

test("an invalid score filter explains itself instead of failing", async ({ page }) => {
  await page.goto("/feedback?feedback=meh");
  await expect(page.getByText("These filters are not valid")).toBeVisible();
  await expect(page.getByText(/feedback must be one of/)).toBeVisible();
});
