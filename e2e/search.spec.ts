import { expect, hydrated, nonce, test } from "./fixtures";

const results = (page: import("@playwright/test").Page) => page.getByRole("list", { name: "Search results" }).locator("li");

test("the shell's search box (/ and ⌘K) opens /search with ranked results, field and highlighted snippet", async ({ page, app }) => {
  const tag = nonce();
  const order = `ORD-${tag}`;
  await app.sendCustomRun({ prompt: `where is my refund for ${order}?`, response: "on its way", userId: `buyer-${tag}` });
  await app.sendCustomRun({ prompt: `unrelated ${tag}`, response: `your refund for ${order} left today <b>bold</b>` });
  await app.sendCustomRun({ prompt: `nothing here ${tag}` });

  await page.goto("/runs?range=1h");
  const box = page.getByRole("searchbox", { name: "Search runs" });
  await hydrated(box);
  await page.locator("body").press("/");
  await expect(box).toBeFocused();
  await box.fill(order);
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/search\\?range=1h&q=${order}$`));
  await expect(results(page)).toHaveCount(2);
  // Both fields are named, and the matched id is marked in each snippet.
  await expect(page.getByRole("list", { name: "Search results" }).getByText("prompt", { exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Search results" }).getByText("response", { exact: true })).toBeVisible();
  await expect(page.locator("mark", { hasText: order })).toHaveCount(2);
  // Span content is text: the markup in the response is shown, not rendered.
  await expect(page.getByTestId("snippet").filter({ hasText: "<b>bold</b>" })).toBeVisible();
  await expect(page.locator("[data-testid=snippet] b")).toHaveCount(0);

  // ⌘K focuses the box from anywhere; a field prefix narrows to the prompt.
  await page.locator("body").press("Control+k");
  await expect(box).toBeFocused();
  await box.fill(`prompt:${order}`);
  await box.press("Enter");
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText("where is my refund");

  // Combined with a runs filter, in the URL; the result links to the run.
  await page.goto(`/search?range=1h&q=${order}&userId=buyer-${tag}`);
  await expect(results(page)).toHaveCount(1);
  await results(page).first().getByRole("link").click();
  await expect(page).toHaveURL(/\/runs\/[^/?]+/);
});

test("a query that cannot be searched says why; no query shows the syntax", async ({ page }) => {
  await page.goto("/search?range=1h&q=-only-exclusions");
  await expect(page.getByText("This query cannot be searched")).toBeVisible();
  await expect(page.getByText(/only excludes/)).toBeVisible();
  await page.goto("/search?range=1h");
  await expect(page.getByText("Type a query to search this project's runs")).toBeVisible();
  const form = page.getByRole("textbox", { name: "Search query" });
  await hydrated(form);
  await form.fill("nothingmatchesthis" + nonce());
  await form.press("Enter");
  await expect(page.getByText("No runs match")).toBeVisible();
});

test("/{agent}/search only searches that agent's runs", async ({ page, app }) => {
  const tag = nonce();
  const agent = `search-bot-${tag}`;
  await app.sendCustomRun({ prompt: `shared word zebra${tag}`, agent });
  await app.sendCustomRun({ prompt: `shared word zebra${tag}`, agent: `other-${tag}` });
  await page.goto(`/${agent}/search?range=1h&q=zebra${tag}`);
  await expect(page.getByRole("heading", { name: `${agent} · Search` })).toBeVisible();
  await expect(results(page)).toHaveCount(1);
});
