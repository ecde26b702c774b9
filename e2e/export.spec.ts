import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, hydrated, nonce, test } from "./fixtures";

test("Export on /runs downloads the filtered view as CSV, with progress and formulas defused", async ({ page, app }) => {
  const tag = nonce();
  const user = `exporter-${tag}`;
  const ids = [
    await app.sendCustomRun({ prompt: `=HYPERLINK("http://x","${tag}")`, userId: user }),
    await app.sendCustomRun({ prompt: `second, "quoted" ${tag}`, userId: user, status: 2, statusMessage: "boom" }),
    await app.sendCustomRun({ prompt: `third ${tag}`, userId: user }),
  ];
  await app.sendCustomRun({ prompt: `someone else ${tag}`, userId: `other-${tag}` });

  await page.goto(`/runs?range=1h&userId=${user}`);
  await expect(page.locator("tbody tr")).toHaveCount(3);
  const exportButton = page.getByRole("button", { name: "Export", exact: true });
  await hydrated(exportButton);
  await exportButton.click();
  await page.getByRole("menuitemradio", { name: /CSV/ }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sightline-runs-\d{8}T\d{6}\.csv$/);
  const rows = parse(fs.readFileSync((await download.path())!, "utf8"), { columns: true }) as Array<Record<string, string>>;
  // Exactly the listed runs, newest first, the filter applied.
  expect(rows.map((r) => r.run_id).sort()).toEqual([...ids].sort());
  expect(rows.map((r) => r.user_id)).toEqual([user, user, user]);
  expect(rows.find((r) => r.prompt?.includes("HYPERLINK"))!.prompt).toBe(`'=HYPERLINK("http://x","${tag}")`);
  expect(rows.find((r) => r.status === "error")).toMatchObject({ prompt: `second, "quoted" ${tag}`, status_message: "boom" });
  await expect(page.getByRole("status")).toContainText("Exported 3 runs");
});

test("Export results on /search downloads the matches as JSONL", async ({ page, app }) => {
  const tag = nonce();
  const word = `zebra${tag}`;
  const a = await app.sendCustomRun({ prompt: `find the ${word} please` });
  const b = await app.sendCustomRun({ prompt: `unrelated ${tag}`, response: `a ${word} answer` });
  await app.sendCustomRun({ prompt: `nothing to see ${tag}` });

  await page.goto(`/search?range=1h&q=${word}`);
  const exportButton = page.getByRole("button", { name: "Export results" });
  await hydrated(exportButton);
  await exportButton.click();
  await page.getByRole("menuitemradio", { name: /JSONL/ }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSONL" }).click()]);
  const lines = fs
    .readFileSync((await download.path())!, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; steps: unknown[] });
  expect(lines.map((l) => l.id).sort()).toEqual([a, b].sort());
  expect(lines.every((l) => Array.isArray(l.steps))).toBe(true);
});

test("a filter the export cannot use shows its message instead of a download", async ({ page }) => {
  await page.goto("/runs?range=1h&pattern=no-such-pattern");
  // The dashboard's export route (signed in) answers a 400 that says why, as the REST API does.
  const res = await page.request.get("/api/ui/runs/export?range=1h&pattern=no-such-pattern&format=csv");
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/pattern must be/);
});
