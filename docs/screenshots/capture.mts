// Regenerates the dashboard screenshots in this folder: starts the built app on a fresh
// database, sends a realistic mix of runs through the real ingestion endpoints, signs in and
// captures the pages. Run: SIGHTLINE_DIST_DIR=.next npx tsx docs/screenshots/capture.mts
import crypto from "node:crypto";
import path from "node:path";
import { chromium } from "@playwright/test";
import { ingestClient } from "../../e2e/helpers/ingest";
import { startServer } from "../../tests/helpers/server";

const OUT = path.dirname(new URL(import.meta.url).pathname);
const server = await startServer();
const app = ingestClient(server.url, server.ingestKey, server.readKey);

const agents = ["support-bot", "billing-agent", "research-agent"];
const people = [
  ["u-481", "Maya Chen", "org-acme", "Acme Corp"],
  ["u-102", "Jonas Weber", "org-globex", "Globex"],
  ["u-377", "Priya Nair", "org-acme", "Acme Corp"],
  ["u-655", "Tom Okafor", "org-initech", "Initech"],
];
const prompts = [
  "How do I export last month's invoices as CSV?",
  "My payment failed twice, can you check my card on file?",
  "Summarise the changes in the v2.15 release notes",
  "Why was I charged for two seats?",
  "Find papers on retrieval-augmented generation from 2024",
  "Reset the SSO configuration for our workspace",
  "What's the difference between the Pro and Team plans?",
  "Cancel order #48213 and refund it",
];
const models = [
  ["gpt-4o", 0.0042],
  ["claude-sonnet-4", 0.0061],
  ["gpt-4o-mini", 0.0004],
] as const;
for (let i = 0; i < 28; i++) {
  const [userId, userName, orgId, orgName] = people[i % people.length]!;
  const [model, cost] = models[i % models.length]!;
  await app.sendCustomRun({
    agent: agents[i % agents.length],
    userId,
    userName,
    orgId,
    orgName,
    prompt: prompts[i % prompts.length]!,
    response: "Here is what I found…",
    sessionId: `sess-${Math.floor(i / 3)}`,
    status: i % 9 === 4 ? 2 : 0,
    startedAgoMs: 40_000 + i * 97_000,
    step: { model, inputTokens: 400 + ((i * 373) % 3000), outputTokens: 60 + ((i * 91) % 700), costUsd: cost * (1 + (i % 4)), durationMs: 600 + ((i * 211) % 4000) },
    toolCalls: i % 2 ? [{ name: "lookup_account", args: JSON.stringify({ userId }), result: JSON.stringify({ plan: "team", seats: 12 }) }] : [],
    feedback: i % 7 === 3 ? { score: "thumbs_down", text: "Answered the wrong question" } : i % 5 === 1 ? { score: "thumbs_up" } : undefined,
  });
}

// A richer agent run: two LLM calls, two tool calls in parallel, a nested retrieval.
const runId = crypto.randomUUID();
const traceId = crypto.randomBytes(16).toString("hex");
const id = () => crypto.randomBytes(8).toString("hex");
const t0 = BigInt(Date.now() - 20_000) * 1_000_000n;
const at = (ms: number) => String(t0 + BigInt(ms) * 1_000_000n);
const s = (key: string, value: string) => ({ key, value: { stringValue: value } });
const n = (key: string, value: number) => ({ key, value: { intValue: value } });
const meta = [s("ai.telemetry.metadata.tcc.runId", runId), s("tcc.runId", runId), s("ai.telemetry.metadata.tcc.agent", "support-bot"), s("ai.telemetry.metadata.tcc.userId", "u-481"), s("ai.telemetry.metadata.tcc.userName", "Maya Chen"), s("ai.telemetry.metadata.tcc.orgId", "org-acme"), s("ai.telemetry.metadata.tcc.orgName", "Acme Corp"), s("ai.telemetry.metadata.tcc.sessionId", "sess-demo"), s("ai.telemetry.metadata.tcc.conversational", "true"), s("ai.telemetry.metadata.plan", "team")];
const messages = JSON.stringify([
  { role: "system", content: "You are Acme's support assistant. Use the tools to look up billing data before answering." },
  { role: "user", content: "Why was I charged for two seats on my last invoice?" },
]);
const root = id();
const llm1 = id();
const span = (spanId: string, parent: string | null, name: string, from: number, to: number, attrs: unknown[]) => ({
  traceId, spanId, ...(parent ? { parentSpanId: parent } : {}), name, kind: 1, startTimeUnixNano: at(from), endTimeUnixNano: at(to),
  attributes: [s("ai.operationId", name), ...meta, ...attrs], status: { code: 0 },
});
const retrieval = id();
await app.postTraces({
  resourceSpans: [{ resource: { attributes: [s("service.name", "support-bot")] }, scopeSpans: [{ scope: { name: "ai" }, spans: [
    span(root, null, "ai.generateText", 0, 3150, [s("ai.prompt", JSON.stringify({ prompt: "Why was I charged for two seats on my last invoice?" })), s("ai.response.text", "You were charged for two seats because a second member (jonas@acme.com) joined on March 3rd.")]),
    span(llm1, root, "ai.generateText.doGenerate", 15, 880, [s("ai.model.provider", "openai"), s("ai.model.id", "gpt-4o"), s("ai.prompt.messages", messages), s("ai.response.finishReason", "tool-calls"), s("ai.response.toolCalls", JSON.stringify([{ toolCallId: "call_a", toolName: "get_invoice", input: JSON.stringify({ invoiceId: "inv_2025_03" }) }, { toolCallId: "call_b", toolName: "list_members", input: JSON.stringify({ workspace: "acme" }) }])), n("ai.usage.inputTokens", 812), n("ai.usage.outputTokens", 64)]),
    span(id(), root, "ai.toolCall", 890, 1710, [s("ai.toolCall.name", "get_invoice"), s("ai.toolCall.id", "call_a"), s("ai.toolCall.args", JSON.stringify({ invoiceId: "inv_2025_03" })), s("ai.toolCall.result", JSON.stringify({ id: "inv_2025_03", lines: [{ item: "Team seat", quantity: 2, unit: 12 }], total: 24, currency: "USD" }))]),
    span(retrieval, root, "ai.toolCall", 895, 1320, [s("ai.toolCall.name", "list_members"), s("ai.toolCall.id", "call_b"), s("ai.toolCall.args", JSON.stringify({ workspace: "acme" })), s("ai.toolCall.result", JSON.stringify([{ email: "maya@acme.com", joined: "2024-11-02" }, { email: "jonas@acme.com", joined: "2025-03-03" }]))]),
    span(id(), retrieval, "db.query members", 910, 1290, [s("db.system", "postgresql"), s("db.statement", "SELECT email, joined FROM members WHERE workspace = $1")]),
    span(id(), root, "ai.generateText.doGenerate", 1720, 3120, [s("ai.model.provider", "openai"), s("ai.model.id", "gpt-4o"), s("ai.prompt.messages", messages), s("ai.response.finishReason", "stop"), s("ai.response.text", "You were charged for two seats because a second member (jonas@acme.com) joined on March 3rd."), n("ai.usage.inputTokens", 1290), n("ai.usage.outputTokens", 118)]),
  ] }] }],
});

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(server.adminEmail);
  await page.getByLabel("Password").fill(server.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/runs/);
  await page.goto(`${server.url}/runs?range=1d`);
  await page.getByRole("table").waitFor();
  await page.screenshot({ path: path.join(OUT, "runs.png") });
  await page.goto(`${server.url}/runs/${runId}`);
  await page.getByRole("treeitem", { name: /get_invoice/ }).click();
  await page.getByText('"currency": "USD"').waitFor();
  await page.screenshot({ path: path.join(OUT, "run-detail.png") });
  await page.getByRole("treeitem", { name: /doGenerate/ }).first().click();
  await page.locator('[data-role="system"]').waitFor();
  await page.screenshot({ path: path.join(OUT, "run-detail-chat.png") });
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
}
