// A recap as Markdown ("copy as Markdown", the REST `markdown` field) and as a Slack-compatible
// webhook message (Block Kit with a plain-text fallback). Text that came from users or errors is
// escaped for each format, so a message cannot inject links or formatting.
import { change, count, duration, percent, pointChange, usd } from "./format";
import { absoluteHref } from "./links";
import type { Compared, RecapContent, RecapItem, RecapSection } from "./model";

const SECTION_TITLES: Record<RecapSection, string> = {
  failures: "Failures",
  tools: "Tools",
  patterns: "Patterns",
  topics: "Topics",
  feedback: "Feedback",
};

export function recapTitle(recap: RecapContent): string {
  const what = recap.period.kind === "day" ? `Daily recap, ${recap.period.key}` : `Weekly recap, ${recap.period.key}`;
  return `${what}${recap.agent ? ` · ${recap.agent}` : " · all agents"}${recap.partial ? " (so far)" : ""}`;
}

interface StatLine {
  label: string;
  value: string;
  change: string;
}

export function statLines(recap: RecapContent): StatLine[] {
  const s = recap.stats;
  const line = (label: string, c: Compared, fmt: (n: number) => string, rate = false): StatLine => ({
    label,
    value: c.current === null ? "—" : fmt(c.current),
    change: rate ? pointChange(c.current, c.previous) : change(c.current, c.previous),
  });
  return [
    line("Runs", s.runs, count),
    line("Sessions", s.sessions, count),
    line("Users", s.users, count),
    line("Orgs", s.orgs, count),
    line("Failure rate", s.failureRate, percent, true),
    line("Cost", s.costUsd, usd),
    line(
      "Tokens in / out",
      { current: sum(s.inputTokens.current, s.outputTokens.current), previous: sum(s.inputTokens.previous, s.outputTokens.previous) },
      () => `${count(s.inputTokens.current ?? 0)} / ${count(s.outputTokens.current ?? 0)}`,
    ),
    line("Latency p50", s.p50Ms, duration),
    line("Latency p95", s.p95Ms, duration),
    line("Feedback 👍 / 👎", s.thumbsUp, () => `${count(s.thumbsUp.current ?? 0)} / ${count(s.thumbsDown.current ?? 0)}`),
  ];
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

function sections(recap: RecapContent): [RecapSection, RecapItem[]][] {
  const order: RecapSection[] = ["failures", "tools", "patterns", "topics", "feedback"];
  return order.map((s): [RecapSection, RecapItem[]] => [s, recap.items.filter((i) => i.section === s)]).filter(([, items]) => items.length > 0);
}

/** Escapes Markdown syntax in text that is not ours (messages, comments, labels). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, "\\$&").replace(/\n+/g, " ");
}

export function recapMarkdown(recap: RecapContent, baseUrl: string | null = null): string {
  // Parentheses left by encodeURIComponent (a tool named "search(v2)") would end the link early.
  const link = (text: string, href: string) => `[${escapeMarkdown(text)}](${absoluteHref(baseUrl, href).replace(/\(/g, "%28").replace(/\)/g, "%29")})`;
  const out = [
    `## ${escapeMarkdown(recapTitle(recap))}`,
    "",
    `${recap.period.start} → ${recap.period.end} (${recap.period.timeZone}) · ${link("open runs", recap.href)}`,
    "",
  ];
  if (recap.narrative) out.push(escapeMarkdown(recap.narrative), "");
  out.push("| Figure | Value | Change |", "|---|---|---|");
  for (const l of statLines(recap)) out.push(`| ${l.label} | ${l.value} | ${l.change || "—"} |`);
  for (const [section, items] of sections(recap)) {
    out.push("", `### ${SECTION_TITLES[section]}`);
    for (const i of items) {
      const examples = i.examples.length ? ` (e.g. ${i.examples.map((e) => link(e.label, e.href)).join(", ")})` : "";
      out.push(`- ${link(i.title, i.href)}: ${escapeMarkdown(i.detail)}${examples}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** Escapes the three characters Slack's mrkdwn gives meaning to. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Slack caps: 150 characters in a header, 3,000 in a section, 50 blocks in a message. */
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export function recapSlack(recap: RecapContent, baseUrl: string | null): SlackMessage {
  const link = (text: string, href: string) => `<${absoluteHref(baseUrl, href)}|${escapeSlack(text).replace(/\|/g, "¦")}>`;
  const stats = statLines(recap)
    .map((l) => `*${l.label}:* ${escapeSlack(l.value)}${l.change ? ` (${l.change})` : ""}`)
    .join("\n");
  const blocks: Record<string, unknown>[] = [{ type: "header", text: { type: "plain_text", text: clip(recapTitle(recap), 150), emoji: true } }];
  if (recap.narrative) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(escapeSlack(recap.narrative), 3000) } });
  blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(stats, 3000) } });
  for (const [section, items] of sections(recap)) {
    const lines = items.map((i) => `• ${link(i.title, i.href)}: ${escapeSlack(i.detail)}`);
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(`*${SECTION_TITLES[section]}*\n${lines.join("\n")}`, 3000) } });
  }
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `${escapeSlack(`${recap.period.start} → ${recap.period.end} (${recap.period.timeZone})`)} · ${link("Open in Sightline", recap.href)}`,
      },
    ],
  });
  return { text: recapTitle(recap), blocks: blocks.slice(0, 50) };
}
