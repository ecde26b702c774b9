import { expect, nonce, test } from "./fixtures";

test("variants of one error form one group on /failures; its page lists the variants and its runs", async ({ page, app }) => {
  const tag = nonce();
  const agent = `fa-${tag}`;
  for (const [ms, ago] of [
    [5000, 300_000],
    [30000, 200_000],
    [700, 100_000],
  ] as const) {
    await app.sendCustomRun({
      prompt: `slow ${ms}`,
      agent,
      userId: `fu-${tag}`,
      status: 2,
      statusMessage: `Error: timeout of ${ms}ms exceeded`,
      startedAgoMs: ago,
    });
  }
  await app.sendCustomRun({ prompt: "key", agent, status: 2, statusMessage: "AuthenticationError: Incorrect API key provided", startedAgoMs: 150_000 });
  await app.sendCustomRun({ prompt: "fine", agent, startedAgoMs: 120_000 });

  await page.goto(`/${agent}/failures?range=1h`);
  const rows = page.getByRole("row");
  await expect(rows).toHaveCount(3); // header + two groups
  const timeout = rows.filter({ hasText: "timeout of" });
  await expect(timeout).toContainText("<duration>");
  await expect(timeout).toContainText("new");
  await expect(timeout.getByRole("cell").nth(2)).toHaveText("3"); // count
  await expect(timeout.getByRole("cell").nth(3)).toHaveText("3"); // runs
  await expect(timeout.getByRole("cell").nth(4)).toHaveText("1"); // users
  if (process.env.SIGHTLINE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/failures.png", fullPage: true });

  await timeout.getByText("timeout of").click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/failures/[0-9a-f]{16}\\?range=1h`));
  await expect(page.getByTestId("failure-message")).toContainText("Error: timeout of <duration> exceeded");
  const variants = page.getByTestId("failure-variants");
  for (const ms of [5000, 30000, 700]) await expect(variants).toContainText(`Error: timeout of ${ms}ms exceeded`);
  await expect(page.getByText(`fu-${tag}`).first()).toBeVisible();
  // The occurrences: the runs table filtered by failure=<signature> (header + 3 runs).
  await expect(page.getByText("slow 5000")).toBeVisible();
  await expect(page.getByText("key", { exact: true })).toHaveCount(0);

  // The project-wide page has the group too, and a bad filter is explained, not a crash.
  await page.goto(`/failures?range=1h&agent=${agent}`);
  await expect(page.getByRole("row").filter({ hasText: "timeout of" })).toBeVisible();
  await page.goto(`/failures?range=1h&kind=job`);
  await expect(page.getByText(/kind must be one of/)).toBeVisible();
  expect((await page.goto(`/failures/not-a-signature`))?.status()).toBe(404);
});

test("/failures shows the 25 largest groups, and Next page the rest", async ({ page, app }) => {
  const tag = nonce();
  const agent = `fp-${tag}`;
  // 26 groups (words are not variable parts, so each message is its own signature); the first twice.
  const words =
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu".split(
      " ",
    );
  for (const [i, w] of words.entries())
    for (let k = 0; k < (i === 0 ? 2 : 1); k++)
      await app.sendCustomRun({
        prompt: `${w} ${k}`,
        agent,
        status: 2,
        statusMessage: `Error: the ${w} stage broke`,
        startedAgoMs: 120_000 + i * 1000 + k * 100,
      });

  await page.goto(`/${agent}/failures?range=1h`);
  const rows = page.getByRole("row");
  await expect(rows).toHaveCount(26); // header + 25 groups
  await expect(rows.nth(1)).toContainText("the alpha stage broke");
  await expect(rows.nth(1).getByRole("cell").nth(2)).toHaveText("2");
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(2); // header + the 26th group
  await expect(page.getByText("the alpha stage broke")).toHaveCount(0);
});
