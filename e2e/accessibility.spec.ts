// An axe-core audit (WCAG 2 A and AA rules) of every dashboard page, signed in, with data on it:
// any violation fails. The pages are the fuzz test's list (tests/helpers/dashboard-pages.ts,
// built from the sidebar's own list), so a new page is audited once it is in the sidebar.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { dashboardPatterns, fillPattern } from "../tests/helpers/dashboard-pages";
import { expect, nonce, test } from "./fixtures";

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
const ids = { agent: `a11y-agent-${tag}`, user: `a11y-user-${tag}`, org: `a11y-org-${tag}`, session: `a11y-session-${tag}` };
let runId = "";

test.beforeAll(async ({ app }) => {
  runId = await app.sendCustomRun({
    prompt: "accessibility check",
    response: "ok",
    agent: ids.agent,
    userId: ids.user,
    orgId: ids.org,
    sessionId: ids.session,
  });
});

// Detail pages whose ids this spec does not make (failure signatures, tools, topics, recaps and
// user-defined patterns come from data the engine derives) are not audited yet; their list
// pages are.
const NO_ID_HERE = /\/(?:failures|tools|topics|recaps)\/\[|\/patterns\/\[id\]\/edit/;

const idFor = (pattern: string) =>
  pattern.includes("sessions/")
    ? ids.session
    : pattern.includes("users/")
      ? ids.user
      : pattern.includes("orgs/")
        ? ids.org
        : pattern.includes("patterns/")
          ? "frustration"
          : runId;

for (const pattern of dashboardPatterns().filter((p) => !NO_ID_HERE.test(p))) {
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
