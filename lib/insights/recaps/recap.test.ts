import { describe, expect, it } from "vitest";
import { buildRecap, isEmptyPeriod, recapStats, totalsOfStats } from "./build";
import { change, pointChange } from "./format";
import { absoluteHref } from "./links";
import type { PeriodTotals, RecapInput } from "./model";
import { periodContaining } from "./period";
import { escapeMarkdown, recapMarkdown, recapSlack } from "./render";

const period = periodContaining(new Date("2026-03-28T12:00:00Z"), "day", "Europe/Paris");
const totals = (over: Partial<PeriodTotals> = {}): PeriodTotals => ({
  runs: 1200,
  errors: 60,
  sessions: 300,
  users: 90,
  orgs: 12,
  costUsd: 41.5,
  inputTokens: 2_000_000,
  outputTokens: 400_000,
  p50Ms: 1800,
  p95Ms: 9400,
  thumbsUp: 40,
  thumbsDown: 9,
  ...over,
});

const input: RecapInput = {
  agent: { name: "Support Bot", slug: "support-bot" },
  period,
  partial: false,
  current: totals(),
  previous: totals({ runs: 1000, errors: 20, costUsd: 30 }),
  failures: [
    {
      signature: "sig-old-steady",
      message: "timeout after <n> ms",
      kind: "tool_call",
      tool: "search",
      count: 10,
      previousCount: 9,
      firstSeenAt: new Date("2026-01-01T00:00:00Z"),
    },
    {
      signature: "sig-rising",
      message: "429 Too Many Requests",
      kind: "step",
      tool: null,
      count: 30,
      previousCount: 5,
      firstSeenAt: new Date("2026-02-01T00:00:00Z"),
    },
    {
      signature: "sig-new",
      message: "relation <q> does not exist",
      kind: "run",
      tool: null,
      count: 4,
      previousCount: 0,
      firstSeenAt: new Date(period.start.getTime() + 3_600_000),
    },
  ],
  tools: [
    { name: "search(v2)", calls: 500, errors: 50, previousCalls: 400, previousErrors: 4 },
    { name: "lookup_order", calls: 300, errors: 3, previousCalls: 300, previousErrors: 3 },
    { name: "rare_tool", calls: 2, errors: 2, previousCalls: 1, previousErrors: 0 },
  ],
  patterns: [
    { ref: "frustration", name: "Frustration", runCount: 14, previousRunCount: 6, exampleSessionIds: ["s1", "s2", "s3", "s4"] },
    { ref: "confusion", name: "Confusion", runCount: 0, previousRunCount: 0, exampleSessionIds: [] },
  ],
  topics: [
    { id: "t-pass", label: "password, reset, forget", runCount: 300, previousRunCount: 290 },
    { id: "t-refund", label: "refund, card, buy", runCount: 200, previousRunCount: 60 },
    { id: "t-api", label: "api, token, limit", runCount: 20, previousRunCount: 0 },
  ],
  comments: [
    { runId: "run-1", score: 1, text: "Great, thanks" },
    { runId: "run-2", score: -1, text: "It told me to *click* [here](http://evil.example) <b>twice</b>" },
    { runId: "run-3", score: null, text: "   " },
  ],
};

describe("buildRecap", () => {
  const recap = buildRecap(input);

  it("compares the period's figures with the previous period", () => {
    expect(recap.stats.runs).toEqual({ current: 1200, previous: 1000 });
    expect(recap.stats.failureRate.current).toBeCloseTo(0.05);
    expect(recap.stats.failureRate.previous).toBeCloseTo(0.02);
    expect(buildRecap({ ...input, previous: null }).stats.costUsd).toEqual({ current: 41.5, previous: null });
    expect(recap.period).toMatchObject({ key: "2026-03-28", timeZone: "Europe/Paris", start: "2026-03-27T23:00:00.000Z" });
  });

  it("reports new signatures first, then rising ones, and leaves steady ones out", () => {
    const failures = recap.items.filter((i) => i.section === "failures");
    expect(failures.map((i) => [i.kind, /\/failures\/sig-/.test(i.href)])).toEqual([
      ["new_failure", true],
      ["rising_failure", true],
    ]);
    expect(failures[1]!.detail).toBe("30 occurrences, was 5");
  });

  it("ranks tools by how far their error rate moved, with enough calls", () => {
    const tools = recap.items.filter((i) => i.section === "tools");
    expect(tools.map((t) => t.title)).toEqual(["search(v2)"]);
    expect(tools[0]!.detail).toBe("error rate 10% (50 of 500 calls), was 1.0%");
    expect(tools[0]!.href).toMatch(/^\/support-bot\/tools\/search\(v2\)\?from=/);
  });

  it("lists patterns against the previous period with up to three example sessions", () => {
    const [pattern, ...rest] = recap.items.filter((i) => i.section === "patterns");
    expect(rest).toEqual([]);
    expect(pattern).toMatchObject({ title: "Frustration", count: 14, previousCount: 6 });
    expect(pattern!.examples.map((e) => e.href)).toEqual(["/support-bot/sessions/s1", "/support-bot/sessions/s2", "/support-bot/sessions/s3"]);
    expect(pattern!.href).toContain("/support-bot/runs?pattern=frustration&from=2026-03-27T23%3A00%3A00.000Z&to=2026-03-28T23%3A00%3A00.000Z");
  });

  it("marks emerging topics (new, or a rising share) before the largest ones", () => {
    const topics = recap.items.filter((i) => i.section === "topics");
    expect(topics.map((t) => [t.kind, t.title])).toEqual([
      ["emerging_topic", "refund, card, buy"],
      ["emerging_topic", "api, token, limit"],
      ["topic", "password, reset, forget"],
    ]);
    expect(topics[1]!.detail).toContain("new");
  });

  it("quotes comments with thumbs down first and skips empty ones", () => {
    const comments = recap.items.filter((i) => i.section === "feedback");
    expect(comments.map((c) => c.href)).toEqual(["/support-bot/runs/run-2", "/support-bot/runs/run-1"]);
  });

  it("links to the unscoped pages for the all-agents recap", () => {
    const all = buildRecap({ ...input, agent: null });
    expect(all.agent).toBeNull();
    expect(all.items.every((i) => !i.href.startsWith("/support-bot"))).toBe(true);
    expect(all.href).toMatch(/^\/runs\?from=/);
  });

  it("skips a period with no runs and no feedback", () => {
    expect(isEmptyPeriod({ current: totals({ runs: 0, thumbsUp: 0, thumbsDown: 0 }) })).toBe(true);
    expect(isEmptyPeriod({ current: totals({ runs: 0, thumbsUp: 0, thumbsDown: 1 }) })).toBe(false);
  });
});

describe("rendering", () => {
  const recap = { ...buildRecap(input), narrative: "Failures rose after <the> deploy." };

  it("writes Markdown with a figures table, sections and absolute links", () => {
    const md = recapMarkdown(recap, "https://sightline.example/app");
    expect(md).toContain("## Daily recap, 2026-03-28 · Support Bot");
    expect(md).toContain("| Runs | 1,200 | +20% |");
    expect(md).toContain("| Failure rate | 5.0% | +3.0 pt |");
    expect(md).toContain("### Failures");
    expect(md).toContain("](https://sightline.example/app/support-bot/tools/search%28v2%29?from=");
    // User text cannot add formatting or links.
    expect(md).toContain("It told me to \\*click\\* \\[here\\]\\(http://evil.example\\) \\<b\\>twice\\</b\\>");
    expect(md).not.toContain("](http://evil.example)");
  });

  it("builds a Slack message with escaped text and links", () => {
    const slack = recapSlack(recap, "https://sightline.example");
    expect(slack.text).toBe("Daily recap, 2026-03-28 · Support Bot");
    const json = JSON.stringify(slack);
    expect(json).toContain("<https://sightline.example/support-bot/runs/run-2|It told me to *click* [here](http://evil.example) &lt;b&gt;twice&lt;/b&gt;>");
    expect(json).toContain("Failures rose after &lt;the&gt; deploy.");
    expect(slack.blocks[0]).toMatchObject({ type: "header" });
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
  });

  it("says so-far for a partial recap", () => {
    expect(recapMarkdown({ ...recap, partial: true })).toContain("Support Bot \\(so far\\)");
  });
});

describe("formatting", () => {
  it("words changes", () => {
    expect(change(120, 100)).toBe("+20%");
    expect(change(80, 100)).toBe("−20%");
    expect(change(5, 0)).toBe("new");
    expect(change(5, null)).toBe("");
    expect(pointChange(0.05, 0.02)).toBe("+3.0 pt");
  });
  it("escapes Markdown and keeps a base path", () => {
    expect(escapeMarkdown("a_b*c")).toBe("a\\_b\\*c");
    expect(absoluteHref("https://x.example/base", "/runs?x=1")).toBe("https://x.example/base/runs?x=1");
    expect(absoluteHref(null, "/runs")).toBe("/runs");
  });
});

describe("totalsOfStats", () => {
  it("gives back the totals a recap's stats were built from", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 500; i++) {
      const runs = Math.floor(rand() * 10 ** Math.floor(rand() * 8));
      const t = totals({
        runs,
        errors: Math.floor(rand() * (runs + 1)),
        p50Ms: runs ? rand() * 5000 : null,
        p95Ms: runs ? rand() * 50_000 : null,
        costUsd: rand() * 1000,
      });
      expect(totalsOfStats(recapStats(t, totals()))).toEqual(t);
    }
  });
});
