// Saved views in the browser: a filtered runs page saved with "Save view" (after a validation
// message), opened from /views and from its sidebar pin, audited by axe with views on the page,
// renamed and deleted; a built-in view opens its filtered page in an agent's scope.
import AxeBuilder from "@axe-core/playwright";
import { expect, hydrated, nonce, test } from "./fixtures";

// Each test walks a dozen pages and server actions: a longer time limit than one page needs.
test.beforeEach(() => test.setTimeout(300_000));

test("save a filtered runs view, open it from /views and from a sidebar pin, rename and delete it", async ({ page, app }) => {
  const tag = nonce();
  const agent = `views-${tag}`;
  await app.sendCustomRun({ prompt: `refund please ${tag}`, response: "No.", agent, status: 2, statusMessage: "refund service down" });
  await app.sendCustomRun({ prompt: `opening hours ${tag}`, response: "9 to 5.", agent });
  const filtered = `/runs?range=1h&agent=${agent}&status=error`;
  await page.goto(filtered);
  await expect(page.locator("tbody tr")).toHaveCount(1);

  const open = page.getByRole("button", { name: "Save view" });
  await hydrated(open);
  await open.click();
  const name = page.getByLabel("Name");
  await name.fill("   ");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Give the view a name." })).toBeVisible();
  await name.fill(`Errors ${tag}`);
  await page.getByLabel("Share with the project").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved "Errors ${tag}".` })).toBeVisible();

  // Listed on /views with its page, scope, owner and sharing; opening it applies its parameters.
  await page.goto("/views");
  const row = page.locator("tr", { has: page.getByRole("link", { name: `Errors ${tag}` }) });
  await expect(row).toContainText("Runs");
  await expect(row).toContainText("All agents");
  await expect(row).toContainText("You");
  await expect(row).toContainText("Shared");
  await expect(row).toContainText(`agent=${agent} · status=error`);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  if (process.env.SIGHTLINE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/views.png", fullPage: true });
  await row.getByRole("link", { name: `Errors ${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs\\?range=1h&agent=${agent}&status=error$`));
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText(`refund please ${tag}`);

  // Pinned: the sidebar lists it under "Views", on every page.
  await page.goto("/views");
  const pin = page.getByRole("button", { name: `Pin Errors ${tag}` });
  await hydrated(pin);
  await pin.click();
  await expect(page.getByRole("button", { name: `Unpin Errors ${tag}` })).toBeVisible();
  await page.goto("/overview");
  const pinned = page.getByRole("list", { name: "Pinned views" }).getByRole("link", { name: `Errors ${tag}` });
  await pinned.click();
  await expect(page).toHaveURL(new RegExp(`/runs\\?range=1h&agent=${agent}&status=error$`));
  await expect(page.locator("tbody tr")).toHaveCount(1);

  // Renamed: the list and the sidebar follow.
  await page.goto("/views");
  const rename = page.getByRole("button", { name: `Rename Errors ${tag}` });
  await hydrated(rename);
  await rename.click();
  await page.getByLabel(`New name for Errors ${tag}`).fill(`Refund failures ${tag}`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("link", { name: `Refund failures ${tag}` }).first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Pinned views" }).getByRole("link", { name: `Refund failures ${tag}` })).toBeVisible();

  // Deleted (after a confirmation): gone from the list.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Delete Refund failures ${tag}` }).click();
  await expect(page.getByRole("link", { name: `Refund failures ${tag}` })).toHaveCount(0, { timeout: 30_000 });
});

test("a built-in view opens its filtered page in the agent's scope", async ({ page, app }) => {
  const tag = nonce();
  const agent = `slow-${tag}`;
  await app.sendCustomRun({
    prompt: `long report ${tag}`,
    response: "done",
    agent,
    step: { model: "gpt-4o-mini", inputTokens: 10, outputTokens: 10, durationMs: 12_000 },
  });
  await app.sendCustomRun({
    prompt: `quick answer ${tag}`,
    response: "done",
    agent,
    step: { model: "gpt-4o-mini", inputTokens: 10, outputTokens: 10, durationMs: 300 },
  });
  await page.goto(`/${agent}/views`);
  await expect(page.getByRole("heading", { name: "Saved views" })).toBeVisible();
  await expect(page.getByText(`No views saved for ${agent} yet`)).toBeVisible();
  await page.getByRole("link", { name: "Slow runs" }).click();
  await expect(page).toHaveURL(new RegExp(`/${agent}/runs\\?minDurationMs=10000&sort=duration$`));
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText(`long report ${tag}`);
  // An unknown view says so instead of showing the unfiltered list.
  await page.goto("/runs?view=view_doesNotExist");
  await expect(page.getByText("This saved view does not exist")).toBeVisible();
});
