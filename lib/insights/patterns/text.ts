// Text helpers shared by the detectors: bounded, offset-preserving preparation (so evidence can
// point at the exact phrase), quoted-span masking and evidence snippets.
import { EVIDENCE_SNIPPET_CHARS, type Evidence, type EvidenceSource } from "./types";

/** Detectors read at most this much of any text: bounds CPU per run whatever the payload size. */
export const MAX_SCAN_CHARS = 4000;

// Curly quotes and apostrophes become straight ones (one UTF-16 unit each, so offsets hold).
const CURLY: Record<string, string> = { "\u2018": "'", "\u2019": "'", "\u201C": '"', "\u201D": '"', "\u00AB": '"', "\u00BB": '"' };

/** The first `max` characters with curly quotes straightened; offsets match the original text. */
export function prepare(text: string | null | undefined, max = MAX_SCAN_CHARS): string {
  if (!text) return "";
  return text.slice(0, max).replace(/[\u2018\u2019\u201C\u201D\u00AB\u00BB]/g, (c) => CURLY[c] ?? c);
}

const blank = (s: string) => " ".repeat(s.length);

/**
 * Quoted spans replaced by spaces of the same length. Words inside quotes are someone else's
 * (an error message, a letter, a product page): "unable to locate config file" quoted by the user
 * is not the agent refusing. A single quote opens only after a space or punctuation and may hold
 * apostrophes between letters ("'We can't ship this'").
 */
export function maskQuoted(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/"[^"\n]{1,400}"/g, blank)
    .replace(/(^|[\s([{:,;])'((?:[^'\n]|\b'\b){1,400}?)'(?![A-Za-z])/g, (m, lead: string) => lead + blank(m.slice(lead.length)));
}

/** Evidence for the phrase at [start, end) of `text`, cut to a snippet around it. */
export function evidenceAt(source: EvidenceSource, ref: string, text: string, start: number, end: number): Evidence {
  const room = Math.max(0, EVIDENCE_SNIPPET_CHARS - (end - start));
  let from = Math.max(0, start - Math.floor(room / 2));
  const to = Math.min(text.length, from + EVIDENCE_SNIPPET_CHARS);
  from = Math.max(0, to - EVIDENCE_SNIPPET_CHARS);
  const snippet = text.slice(from, to);
  return { source, ref, text: snippet, highlight: [start - from, Math.min(end, to) - from] };
}

/** Evidence that quotes the start of a text, with nothing highlighted. */
export function evidenceOf(source: EvidenceSource, ref: string, text: string): Evidence {
  return { source, ref, text: text.slice(0, EVIDENCE_SNIPPET_CHARS), highlight: null };
}

/** The clause that ends at `index`: text since the last sentence or clause break. */
export function clauseBefore(text: string, index: number): string {
  const head = text.slice(0, index);
  const cut = Math.max(
    head.lastIndexOf("."),
    head.lastIndexOf("!"),
    head.lastIndexOf("?"),
    head.lastIndexOf(";"),
    head.lastIndexOf(","),
    head.lastIndexOf("\n"),
  );
  return head.slice(cut + 1);
}

/** Number of words, for "short follow-up" rules. */
export const wordCount = (text: string): number => (text.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? []).length;

/** A phrase list as one case-insensitive regex. */
export interface Cue {
  id: string;
  re: RegExp;
  /** Returns false to reject a match (the phrase is there, but it is not what the cue means). */
  accept?: (text: string, match: RegExpExecArray) => boolean;
}

/** The first cue that matches `text` and is accepted, with its match. */
export function firstCue(cues: readonly Cue[], text: string): { cue: Cue; match: RegExpExecArray } | null {
  for (const cue of cues) {
    const re = new RegExp(cue.re.source, cue.re.flags.includes("g") ? cue.re.flags : cue.re.flags + "g");
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!cue.accept || cue.accept(text, m)) return { cue, match: m };
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return null;
}
