// Every page works under its Content-Security-Policy: no script, style, font or request is refused
// (the browser fires securitypolicyviolation for each refusal), and the headers that stop framing,
// sniffing and referrer leaks are on every answer.
import type { Page } from "@playwright/test";
import { expect, nonce, test } from "./fixtures";

/** Collects CSP violations from the first script on: an init script is not itself subject to the page's CSP. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) consoleErrors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  return async () => [...consoleErrors, ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))];
}

function expectSecurityHeaders(headers: Record<string, string>, path: string) {
  expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"], path).toBe("DENY");
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
}

test("every dashboard page loads under its CSP with no violation, and sends the security headers", async ({ page, app }) => {
  test.setTimeout(180_000);
  const agent = `csp-agent-${nonce()}`;
  const userId = `csp-user-${nonce()}`;
  const runId = await app.sendCustomRun({ prompt: "csp check", response: "ok", agent, userId, sessionId: `csp-s-${nonce()}`, orgId: `csp-org-${nonce()}` });
  const violations = await watchViolations(page);
  const pages = [
    "/overview",
    "/runs",
    `/runs/${runId}`,
    "/sessions",
    "/feedback",
    "/users",
    `/users/${userId}`,
    "/orgs",
    "/failures",
    "/tools",
    "/patterns",
    "/topics",
    "/recaps",
    "/search",
    "/views",
    "/settings",
    "/mcp-and-api",
    `/${agent}/overview`,
    `/${agent}/runs`,
    `/${agent}/runs/${runId}`,
    "/no-such-agent/no-such-page/at-all",
  ];
  const nonces = new Set<string>();
  for (const path of pages) {
    const res = await page.goto(path);
    expect(res, path).not.toBeNull();
    expect(res!.status(), path).toBeLessThan(500);
    const headers = res!.headers();
    expectSecurityHeaders(headers, path);
    nonces.add(/'nonce-([^']+)'/.exec(headers["content-security-policy"]!)![1]!);
    // Hydrated: React ran, so the page's scripts were allowed; the shell's navigation answers.
    await expect(page.getByRole("navigation", { name: "Pages" }).or(page.getByRole("heading", { name: "Not found" }))).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await violations(), path).toEqual([]);
  }
  // A fresh nonce for each page.
  expect(nonces.size).toBe(pages.length);

  // Client-side navigation (RSC requests, chunk loads) stays within the policy too.
  await page.goto("/runs");
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Sessions", exact: true }).click();
  await expect(page).toHaveURL(/\/sessions/);
  await page.waitForLoadState("networkidle");
  expect(await violations()).toEqual([]);
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page works under its CSP", async ({ page, app }) => {
    const violations = await watchViolations(page);
    const res = await page.goto("/login");
    expectSecurityHeaders(res!.headers(), "/login");
    await page.getByLabel("Email").fill(app.adminEmail);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  test("another site cannot frame a page", async ({ page, baseURL }) => {
    // A page on another origin (about:blank here) framing the dashboard: the browser refuses to render it.
    // The iframe's load event fires once the browser is done with it, refused or not.
    await page.setContent(`<iframe id="f" onload="window.framed = true" src="${baseURL}/login"></iframe>`);
    await page.waitForFunction(() => (window as unknown as { framed?: boolean }).framed === true);
    await expect(page.frameLocator("#f").getByLabel("Email")).toHaveCount(0);
  });

  test("the JSON APIs send the static headers too", async ({ request }) => {
    for (const path of ["/api/ui/runs?range=1d", "/v1/runs?range=1d", "/api/health"]) {
      const h = (await request.get(path)).headers();
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["x-frame-options"], path).toBe("DENY");
    }
  });
});
