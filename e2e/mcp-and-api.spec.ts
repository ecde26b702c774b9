// The MCP & API page: this instance's URLs and snippets, a read key created there that works on
// /mcp at once and stops working once revoked there, and the OpenAPI document rendered.
import { expect, nonce, test } from "./fixtures";

const toolsList = (baseURL: string, key: string) =>
  fetch(`${baseURL}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${key}` },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });

test("shows this instance's URLs, MCP client snippets and a curl example per endpoint", async ({ page, baseURL }) => {
  await page.goto("/mcp-and-api");
  await expect(page.getByRole("heading", { name: "MCP & API", exact: true })).toBeVisible();
  const urls = page.locator("dl");
  for (const url of [`${baseURL}/mcp`, `${baseURL}/v1`, `${baseURL}/v1/openapi.json`]) await expect(urls.getByText(url, { exact: true })).toBeVisible();
  await expect(page.locator("pre").filter({ hasText: `claude mcp add --transport http sightline ${baseURL}/mcp` })).toBeVisible();
  await expect(page.locator("pre").filter({ hasText: `"url": "${baseURL}/mcp"` })).toHaveCount(2); // Cursor, VS Code
  await expect(page.locator("pre").filter({ hasText: `"${baseURL}/v1/runs?range=1d&status=error&limit=10"` })).toBeVisible();
  await expect(page.locator("pre").filter({ hasText: `curl -X POST "${baseURL}/v1/custom"` })).toBeVisible();
  const tools = page.getByRole("table", { name: "MCP tools" });
  for (const name of [
    "insight_search",
    "get_agent_runs",
    "get_agent_run",
    "get_agent_sessions",
    "get_agent_session",
    "list_agent_patterns",
    "list_agent_topics",
  ]) {
    await expect(tools.getByText(name, { exact: true })).toBeVisible();
  }
});

test("renders the OpenAPI document with every endpoint it serves", async ({ page, baseURL }) => {
  const doc = await (await fetch(`${baseURL}/v1/openapi.json`)).json();
  const count = Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
  await page.goto("/mcp-and-api");
  const ops = page.getByTestId("openapi-operation");
  await expect(ops).toHaveCount(count);
  const runs = ops.filter({ hasText: "List runs" });
  await runs.locator("summary").click();
  await expect(runs.getByRole("cell", { name: "conversational", exact: true })).toBeVisible();
  await expect(runs.getByRole("cell", { name: "5m | 1h | 1d | 2w | 1M | 2M" })).toBeVisible();
});

test("a read key created here reads /mcp at once, and once revoked here it is refused", async ({ page, baseURL }) => {
  const name = `mcp e2e ${nonce()}`;
  await page.goto("/mcp-and-api");
  // Read keys only: no kind to choose, and no ingestion key listed.
  await expect(page.getByLabel("Kind")).toHaveCount(0);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByRole("status").filter({ hasText: "Your new key" }).locator("pre").first();
  await expect(shown).toHaveText(/^sl_read_/);
  const key = (await shown.textContent())!.trim();

  const ok = await toolsList(baseURL!, key);
  expect(ok.status).toBe(200);
  expect(((await ok.json()).result.tools as Array<{ name: string }>).map((t) => t.name)).toContain("get_agent_runs");

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "ingestion" })).toHaveCount(0);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  const refused = await toolsList(baseURL!, key);
  expect(refused.status).toBe(401);
});
