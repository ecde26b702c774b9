// An axe-core audit (WCAG 2 A and AA rules) of every dashboard page, signed in, with data on it:
// any violation fails. The pages are the fuzz test's list (tests/helpers/dashboard-pages.ts,
// built from the sidebar's own list), so a new page is audited once it is in the sidebar.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { dashboardPatterns, fillPattern } from "../tests/helpers/dashboard-pages";
import { expect, hydrated, nonce, test } from "./fixtures";

const TAGS = ["wcag2a", "wcag2aa"];

/** The violations on the page, one line per rule with the first nodes it found. */
async function audit(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node(s): ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`)
        .join(" | ")}`,
  );
}

const tag = nonce();
const ids = {
  agent: `a11y-agent-${tag}`,
  user: `a11y-user-${tag}`,
  org: `a11y-org-${tag}`,
  session: `a11y-session-${tag}`,
  tool: `a11y_lookup_${tag}`,
  run: "",
  signature: "",
  topic: "",
  recap: "",
  userPattern: "",
};

interface Intent {
  prompts: string[];
}
const corpus = JSON.parse(fs.readFileSync(new URL("../tests/fixtures/topics/intents.json", import.meta.url), "utf8")) as { intents: Intent[] };

/** Polls a REST list until it has a first item, for the data the engine derives in the background. */
async function firstOf<T>(read: () => Promise<{ data: T[] }>, what: string): Promise<T> {
  let first: T | undefined;
  await expect
    .poll(
      async () => {
        first = (await read()).data[0];
        return first !== undefined;
      },
      { message: what, timeout: 150_000, intervals: [3000] },
    )
    .toBe(true);
  return first!;
}

// Every detail page needs an id of the agent's data: a run with a tool call that failed (a tool,
// a failure group), conversational prompts to cluster (a topic), runs of yesterday (a recap, which
// the engine writes once the day is over), and a user-defined pattern (its edit form).
test.beforeAll(async ({ app, browser }, info) => {
  test.setTimeout(300_000);
  // Hooks get no per-test page: a context of our own, signed in as the tests are.
  const context = await browser.newContext({ baseURL: process.env.SIGHTLINE_E2E_URL, storageState: info.project.use.storageState });
  const page = await context.newPage();
  const agent = ids.agent;
  ids.run = await app.sendCustomRun({
    prompt: "accessibility check",
    response: "ok",
    agent,
    userId: ids.user,
    orgId: ids.org,
    sessionId: ids.session,
    status: 2,
    statusMessage: `Error: accessibility check failed for ${tag}`,
    toolCalls: [
      { name: ids.tool, args: '{"q":"a"}', result: "found", durationMs: 120 },
      { name: ids.tool, args: '{"q":"b"}', result: "", error: `Lookup API 503 for ${tag}`, durationMs: 900 },
    ],
  });
  for (const [k, intent] of corpus.intents.slice(0, 4).entries()) {
    for (const [n, prompt] of intent.prompts.slice(0, 8).entries()) {
      await app.sendCustomRun({ prompt, agent, sessionId: `${tag}-${k}-${n % 4}`, userId: `${tag}-u${n % 3}`, startedAgoMs: 10 * 60_000 + n * 1000 });
    }
  }
  const now = new Date();
  const yesterdayNoon = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 12);
  await app.sendCustomRun({ prompt: `yesterday ${tag}`, agent, sessionId: `${tag}-y`, startedAgoMs: Date.now() - yesterdayNoon });

  // The topics page's Re-cluster button asks the engine to cluster now.
  await page.goto(`/${agent}/topics?range=1d`);
  const recluster = page.getByRole("button", { name: "Re-cluster" });
  await hydrated(recluster);
  await recluster.click();

  // A user-defined pattern, through its form.
  await page.goto(`/patterns/new?agent=${agent}`);
  const name = page.getByLabel("Name");
  await hydrated(name);
  await name.fill(`Lookups ${tag}`);
  await page.getByLabel("Condition 1 value").fill("lookup");
  await page.getByRole("button", { name: "Create pattern" }).click();
  await expect(page).toHaveURL(/\/patterns\/pat_[0-9a-f]+$/);
  ids.userPattern = new URL(page.url()).pathname.split("/").pop()!;

  const q = `agent=${encodeURIComponent(agent)}`;
  ids.signature = (await firstOf(() => app.read<{ data: Array<{ signature: string }> }>(`/v1/failures?${q}&range=1d`), "failure groups")).signature;
  ids.topic = (await firstOf(() => app.read<{ data: Array<{ id: string }> }>(`/v1/topics?${q}&range=1d`), "topics")).id;
  ids.recap = (await firstOf(() => app.read<{ data: Array<{ id: string }> }>(`/v1/recaps?${q}&period=day`), "yesterday's recap")).id;
  await context.close();
});

/** The id a detail page's pattern takes, by the first of these its path contains (order matters). */
const idFor = (pattern: string): string => {
  const byPath: Array<[string, string]> = [
    ["sessions/", ids.session],
    ["users/", ids.user],
    ["orgs/", ids.org],
    ["failures/", ids.signature],
    ["tools/", ids.tool],
    ["topics/", ids.topic],
    ["recaps/", ids.recap],
    ["/edit", ids.userPattern],
    ["patterns/", "frustration"],
  ];
  return byPath.find(([part]) => pattern.includes(part))?.[1] ?? ids.run;
};

for (const pattern of dashboardPatterns()) {
  test(`${pattern} has no WCAG 2 A/AA violation`, async ({ page }) => {
    const id = idFor(pattern);
    const url = fillPattern(pattern, { agent: ids.agent, id: encodeURIComponent(id) });
    const res = await page.goto(url);
    expect(res?.status(), url).toBeLessThan(400);
    await page.waitForLoadState("networkidle");
    expect(await audit(page), url).toEqual([]);
  });
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("/login has no WCAG 2 A/AA violation", async ({ page }) => {
    await page.goto("/login");
    await page.waitForLoadState("networkidle");
    expect(await audit(page)).toEqual([]);
  });
});
