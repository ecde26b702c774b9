// Where a search result matched and the passage to show for it. Pure: the data layer hands over
// the matched run's document sections and the query's terms; the page renders the snippet as text
// and marks the highlighted ranges itself (never HTML).
import type { Section } from "./document";
import type { SearchTerm, TextTerm } from "./query";

/** Sections in the order a match is looked for: the prompt first, as ranking favours it. */
const ORDER: readonly Section[] = ["prompt", "response", "tool", "error", "other"];

export const SNIPPET_CHARS = 200;
/** Characters shown before the first match. */
const LEAD = 60;

export interface Snippet {
  /** The section the match is in, or the run field a filter-only query matched (user, agent, …). */
  field: Section | "user" | "agent" | "model" | "status" | "metadata";
  snippet: string;
  /** [start, end) character offsets in `snippet` of the matched text. */
  highlights: Array<[number, number]>;
}

const WORD_EDGE = "[\\p{L}\\p{M}\\p{N}]";
// In a "u" regular expression only syntax characters may be escaped (\- is an error).
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A regular expression that finds what a text term matches (as the database does, closely enough to point at it). */
export function termPattern(t: TextTerm): RegExp {
  let body: string;
  if (t.kind === "substring") body = escape(t.value);
  else if (t.kind === "phrase") {
    const words = t.value.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
    body = `(?<!${WORD_EDGE})${words.map(escape).join(`[^\\p{L}\\p{M}\\p{N}]+`)}(?!${WORD_EDGE})`;
  } else if (t.kind === "prefix") body = `(?<!${WORD_EDGE})${escape(t.value)}`;
  else body = `(?<!${WORD_EDGE})${escape(t.value)}(?!${WORD_EDGE})`;
  return new RegExp(body, "giu");
}

const positiveText = (terms: SearchTerm[]): TextTerm[] =>
  terms.filter((t): t is TextTerm => !t.negated && (t.kind === "word" || t.kind === "prefix" || t.kind === "phrase" || t.kind === "substring"));

/** Cuts `text` around `at` to at most SNIPPET_CHARS, on spaces where it can, with an ellipsis where cut. */
function cut(text: string, at: number): string {
  let start = Math.max(0, at - LEAD);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < at) start = space + 1;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > at) end = space;
  }
  const lead = start > 0 ? "…" : "";
  const tail = end < text.length ? "…" : "";
  // Line breaks and runs of spaces become one space (highlights are found in the result).
  return `${lead}${text.slice(start, end).replace(/\s+/gu, " ")}${tail}`;
}

function highlightsIn(snippet: string, patterns: RegExp[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const p of patterns) {
    p.lastIndex = 0;
    for (const m of snippet.matchAll(p)) if (m[0].length) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * The field and snippet of one result: the first section (in ORDER, or the term's field) where a
 * positive text term is found, the passage around it and every term's matches in that passage. A
 * query of run fields only (status:error, user:ada) shows the start of the run's prompt.
 */
export function snippetFor(sections: Record<Section, string>, terms: SearchTerm[]): Snippet {
  const text = positiveText(terms);
  const patterns = text.map(termPattern);
  for (let i = 0; i < text.length; i++) {
    const t = text[i]!;
    for (const section of t.field ? [t.field] : ORDER) {
      const body = sections[section];
      if (!body) continue;
      const p = patterns[i]!;
      p.lastIndex = 0;
      const m = p.exec(body);
      if (!m) continue;
      const snippet = cut(body, m.index);
      return { field: section, snippet, highlights: highlightsIn(snippet, patterns) };
    }
  }
  const filter = terms.find((t) => !t.negated && (t.kind === "filter" || t.kind === "meta"));
  const field: Snippet["field"] = filter ? (filter.kind === "meta" ? "metadata" : filter.kind === "filter" ? filter.field : "other") : "prompt";
  const first = ORDER.find((s) => sections[s]) ?? "prompt";
  const snippet = cut(sections[first] ?? "", 0);
  return { field: text.length ? first : field, snippet, highlights: highlightsIn(snippet, patterns) };
}
