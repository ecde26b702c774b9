import { expect, nonce, test } from "./fixtures";

test("open a session from the sessions table and see its runs in order, each linking to its run", async ({ page, app }) => {
  const tag = nonce();
  const sessionId = `sess-${tag}`;
  const agent = `chat-${tag}`;
  // Sent out of order: the page orders turns by when each run started.
  const second = await app.sendCustomRun({
    prompt: `second question ${tag}`,
    response: `second answer ${tag}`,
    sessionId,
    agent,
    userId: `u-${tag}`,
    startedAgoMs: 120_000,
  });
  const first = await app.sendCustomRun({
    prompt: `first question ${tag}`,
    response: `first answer ${tag}`,
    sessionId,
    agent,
    userId: `u-${tag}`,
    startedAgoMs: 180_000,
  });
  const third = await app.sendCustomRun({
    prompt: `third question ${tag}`,
    response: `third answer ${tag}`,
    sessionId,
    agent,
    userId: `u-${tag}`,
    startedAgoMs: 60_000,
    status: 2,
  });

  await page.goto("/sessions?range=1h");
  await page.getByText(sessionId, { exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}\\?range=1h$`));

  const turns = page.getByTestId("session-turn");
  await expect(turns).toHaveCount(3);
  const ids = [first, second, third];
  for (const [i, word] of ["first", "second", "third"].entries()) {
    await expect(turns.nth(i)).toHaveAttribute("data-run-id", ids[i]!);
    await expect(turns.nth(i)).toContainText(`${word} question ${tag}`);
    await expect(turns.nth(i)).toContainText(`${word} answer ${tag}`);
  }
  await expect(turns.nth(2)).toContainText("error");

  await turns.nth(1).getByRole("link", { name: "Open run →" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${second}$`));
});

test("the sessions of one agent, and a session of another agent is a 404 under that agent", async ({ page, app }) => {
  const tag = nonce();
  await app.sendCustomRun({ prompt: `hello ${tag}`, sessionId: `a-${tag}`, agent: `alpha-${tag}` });
  await app.sendCustomRun({ prompt: `bonjour ${tag}`, sessionId: `b-${tag}`, agent: `beta-${tag}` });
  await page.goto(`/alpha-${tag}/sessions?range=1h`);
  await expect(page.getByRole("heading", { name: `alpha-${tag} · Sessions` })).toBeVisible();
  await expect(page.getByText(`a-${tag}`, { exact: true })).toBeVisible();
  await expect(page.getByText(`b-${tag}`, { exact: true })).toHaveCount(0);
  const res = await page.goto(`/alpha-${tag}/sessions/b-${tag}`);
  expect(res?.status()).toBe(404);
  expect((await page.goto(`/sessions/no-such-session-${tag}`))?.status()).toBe(404);
});
