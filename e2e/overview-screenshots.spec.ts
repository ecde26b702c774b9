// Screenshots of the session, overview and user pages for the README (docs/screenshots/*.png).
// Run on purpose only: SIGHTLINE_SCREENSHOTS=1 npx playwright test overview-screenshots
import crypto from "node:crypto";
import { expect, nonce, test } from "./fixtures";

const AGENTS = ["support-bot", "billing-assistant", "onboarding-guide"];
const PEOPLE = [
  ["u-ada", "Ada Lovelace", "org-acme", "Acme Corp"],
  ["u-grace", "Grace Hopper", "org-acme", "Acme Corp"],
  ["u-alan", "Alan Turing", "org-globex", "Globex"],
  ["u-katherine", "Katherine Johnson", "org-initech", "Initech"],
  ["u-edsger", "Edsger Dijkstra", "org-globex", "Globex"],
] as const;
const QUESTIONS = [
  ["How do I reset my password?", "Open Settings → Security and choose “Reset password”. A link arrives by email within a minute."],
  ["Can I export my invoices as CSV?", "Yes: Billing → Invoices → Export. Pick a date range and CSV."],
  ["Why was I charged twice this month?", "One charge is a pending authorisation that drops off within 3 days; only one invoice was issued."],
  ["Connect Slack to my workspace", "Go to Integrations → Slack → Connect, then pick the channel for alerts."],
  ["Upgrade my team to the Pro plan", "Done: your team is on Pro from today, prorated on the next invoice."],
];

test.skip(!process.env.SIGHTLINE_SCREENSHOTS, "set SIGHTLINE_SCREENSHOTS=1 to regenerate docs/screenshots");

test("screenshots of the overview, a session and a user", async ({ page, app }) => {
  test.setTimeout(180_000);
  const tag = nonce();
  const key = process.env.SIGHTLINE_E2E_INGEST_KEY!;
  const items: unknown[] = [];
  let n = 0;
  for (let i = 0; i < 160; i++) {
    const [userId, userName, orgId, orgName] = PEOPLE[i % PEOPLE.length]!;
    const [q, a] = QUESTIONS[(i * 7) % QUESTIONS.length]!;
    const agent = AGENTS[i % 3 === 2 ? 1 : i % 5 === 4 ? 2 : 0]!;
    const start = new Date(Date.now() - ((i * 9973) % 86_000) * 1000 - 60_000);
    const dur = 600 + ((i * 7919) % 5400);
    const id = crypto.randomUUID();
    const error = i % 11 === 3;
    items.push({
      type: "run",
      run_id: id,
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + dur).toISOString(),
      status_code: error ? 2 : 0,
      ...(error ? { status_message: "APIError: 529 Overloaded" } : {}),
      prompt: { user_prompt: q },
      response: error ? undefined : a,
      session_id: `${userId}-${Math.floor(i / 15)}-${tag}`,
      conversational: true,
      metadata: { "tcc.agent": agent, "tcc.userId": userId, "tcc.userName": userName, "tcc.orgId": orgId, "tcc.orgName": orgName },
    });
    items.push({
      type: "step",
      run_id: id,
      step_id: `${id}-s`,
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + dur - 50).toISOString(),
      prompt: q,
      response: a,
      status_code: 0,
      model_used: i % 4 === 0 ? "claude-sonnet-4" : "gpt-4o",
      prompt_uncached_tokens: 900 + ((i * 31) % 2000),
      completion_tokens: 80 + ((i * 17) % 400),
      real_total_cost: Number((0.002 + ((i * 13) % 40) / 1000).toFixed(4)),
    });
    if (++n % 40 === 0 || i === 159) {
      const r = await fetch(`${app.baseUrl}/v1/custom`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ type: "batch", items: items.splice(0) }),
      });
      expect(r.status).toBe(200);
    }
  }
  // A conversation to replay, with feedback on two turns.
  const session = `demo-conversation-${tag}`;
  const turns = [
    [
      "I was charged twice for March, can you check?",
      "I see two charges: one is a pending authorisation that will drop off within 3 days. Only one invoice (INV-2291) was issued.",
    ],
    [
      "It has been a week and it is still there.",
      "Thanks for waiting. The authorisation should have been released; I have escalated it to billing (ticket #4417).",
    ],
    ["Can you just refund it?", "I cannot issue refunds myself, but ticket #4417 asks billing to refund the duplicate charge today."],
  ];
  const ids: string[] = [];
  for (const [i, [q, a]] of turns.entries()) {
    ids.push(
      await app.sendCustomRun({
        prompt: q!,
        response: a,
        sessionId: session,
        agent: "billing-assistant",
        userId: "u-ada",
        userName: "Ada Lovelace",
        orgId: "org-acme",
        startedAgoMs: (4 - i) * 90_000,
      }),
    );
  }
  for (const [runId, score, text] of [
    [ids[1]!, "thumbs_down", "Still not fixed after a week."],
    [ids[2]!, "thumbs_up", null],
  ] as const) {
    const r = await fetch(`${app.baseUrl}/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ runId, score, ...(text ? { text } : {}) }),
    });
    expect(r.ok).toBe(true);
  }

  await page.goto("/overview?range=1d");
  await expect(page.locator(".recharts-wrapper")).toHaveCount(4);
  await page.screenshot({ path: "docs/screenshots/overview.png", fullPage: true });
  await page.goto(`/sessions/${session}?range=1d`);
  await expect(page.getByTestId("session-turn")).toHaveCount(3);
  await page.screenshot({ path: "docs/screenshots/session.png", fullPage: true });
  await page.goto("/users/u-ada?range=1d");
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/user.png", fullPage: true });
});
