// API keys through the settings page: a key created there is shown once and works at once; revoked
// there, it stops working at once on the ingestion endpoints, which scripts/serve.mjs answers from
// a separate bundle that shares the key cache through globalThis.
import { expect, nonce, test } from "./fixtures";

const customRun = () => {
  const now = new Date().toISOString();
  return { type: "run", run_id: crypto.randomUUID(), start_time: now, end_time: now, status_code: 0, prompt: { user_prompt: "key check" }, response: "ok" };
};

test("a key created in settings ingests, and once revoked there it is refused at once", async ({ page, baseURL }) => {
  const name = `e2e key ${nonce()}`;
  await page.goto("/settings");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByRole("status").filter({ hasText: "Your new key" }).locator("pre").first();
  await expect(shown).toHaveText(/^sl_ingest_/);
  const key = (await shown.textContent())!.trim();

  const send = () =>
    fetch(`${baseURL}/v1/custom`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(customRun()),
    });
  // Accepted: the direct ingestion path now holds the key in its 30-second cache.
  expect((await send()).status).toBe(200);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row").filter({ hasText: name }).getByText("revoked")).toBeVisible();

  const refused = await send();
  expect(refused.status).toBe(401);
  expect((await refused.json()).error.code).toBe("invalid_api_key");
});
