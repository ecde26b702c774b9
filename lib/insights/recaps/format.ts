// Wording of recap figures, shared by the item details, Markdown and Slack.

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}

export function usd(n: number): string {
  return n >= 100 ? `$${Math.round(n).toLocaleString("en-US")}` : `$${n.toFixed(2)}`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "+25%", "−10%", "new", or "" when there is nothing to compare. */
export function change(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return "";
  if (previous === 0) return current === 0 ? "±0%" : "new";
  const ratio = (current - previous) / previous;
  if (Math.abs(ratio) < 0.005) return "±0%";
  return `${ratio > 0 ? "+" : "−"}${Math.round(Math.abs(ratio) * 100)}%`;
}

/** The same for a rate, in percentage points. */
export function pointChange(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return "";
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.05) return "±0 pt";
  return `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(1)} pt`;
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
