// The search document of a run, built from what one ingestion write carries. Pure: the store
// sends these pieces to the database, which appends the pieces a run's stored document does not
// hold yet and cuts each section at its cap (a run's children may arrive over several writes; a
// retried write adds nothing). Sections let a field prefix (prompt:, tool:, …) search one part of
// the run and let a match be shown with the part it came from.
import type { ChatMessage } from "@/lib/ingest/messages";
import type { RunInput, StepInput, ToolCallInput } from "@/lib/ingest/model";
import { IDENT, UNSPACED_RUN } from "./text";

export const SECTIONS = ["prompt", "response", "tool", "error", "other"] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * Characters a run's document keeps per section. The index cost grows with the document (the
 * trigram index holds up to one entry per distinct 3-character sequence), so long runs are cut:
 * what comes first (the request, the first steps and tool calls) is kept.
 */
export const SECTION_CAPS: Record<Section, number> = { prompt: 4_000, response: 4_000, tool: 3_000, error: 1_000, other: 1_000 };
/** One message, argument or result contributes at most this many characters. */
export const PIECE_CAP = 1_000;

/** Characters of identifiers (and text without spaces) a run's document keeps, for substring search. */
export const IDS_CAP = 2_000;
/** An identifier longer than this (a token, a base64 blob) is kept as its first IDENT_CHARS characters. */
export const IDENT_CHARS = 100;

export type SearchDoc = { runId: string; ids: string[] } & Record<Section, string[]>;

const IDENTS = new RegExp(IDENT.source, "gu");
// Fast path for ASCII text (most of it): one linear pass over the character codes for runs of
// identifier characters, kept when they hold a digit or a joiner. (One pattern requiring the digit
// inside the run backtracked over every word of letters: it was most of the cost of building a
// document.) Other text goes through the Unicode classes, several times slower.
const EDGE_JOINERS = /^[_\-./@:#+=~$%&?]+|[_\-./@:#+=~$%&?]+$/g;
const NOT_LETTER = /[^\p{L}\p{M}]/u;
const NON_ASCII = /[^\x00-\x7f]/;

/** Per ASCII code: 1 a letter, 2 a digit, 3 a joiner (_ - . / @ : # + = ~ $ % & ?), 0 anything else. */
const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_KIND[c] = /[A-Za-z]/.test(ch) ? 1 : /[0-9]/.test(ch) ? 2 : /[_\-./@:#+=~$%&?]/.test(ch) ? 3 : 0;
}

/**
 * An ASCII token (a run of letters, digits and joiners) as an identifier: joiners at either end
 * dropped, kept when what is left is 3 characters or more and holds a digit or a joiner.
 */
function asciiIdentifier(token: string): string | null {
  let start = 0;
  let end = token.length;
  while (start < end && ASCII_KIND[token.charCodeAt(start)] === 3) start++;
  while (end > start && ASCII_KIND[token.charCodeAt(end - 1)] === 3) end--;
  if (end - start < 3) return null;
  for (let i = start; i < end; i++) {
    if (ASCII_KIND[token.charCodeAt(i)] !== 1) return start === 0 && end === token.length ? token : token.slice(start, end);
  }
  return null;
}

/**
 * The identifiers in a text (letters with digits or joiners: ORD-1234, a1b2, user@x.io, 3.14;
 * joiners at either end dropped) and its runs of text without spaces, each at most IDENT_CHARS
 * long: what substring search looks in (a trigram index over all the text cost several times
 * more to maintain on ingestion).
 */
export function identifiers(text: string): string[] {
  const out: string[] = [];
  if (!NON_ASCII.test(text)) {
    // Runs of letters, digits and joiners, found by a scan of the character codes.
    const n = text.length;
    let i = 0;
    while (i < n) {
      while (i < n && ASCII_KIND[text.charCodeAt(i)] === 0) i++;
      const start = i;
      while (i < n && ASCII_KIND[text.charCodeAt(i)] !== 0) i++;
      if (i - start < 3) continue;
      const t = asciiIdentifier(text.slice(start, i));
      if (t !== null) out.push(t.length > IDENT_CHARS ? t.slice(0, IDENT_CHARS) : t);
    }
    return out;
  }
  for (const m of text.matchAll(IDENTS)) {
    if (m[0].length < 3) continue;
    const t = m[0].replace(EDGE_JOINERS, "");
    if (t.length < 3 || !NOT_LETTER.test(t)) continue;
    out.push(t.length > IDENT_CHARS ? t.slice(0, IDENT_CHARS).toWellFormed() : t);
  }
  for (const m of text.matchAll(UNSPACED_RUN)) out.push(m[0].slice(0, IDENT_CHARS));
  return out;
}

const ESCAPE = /\\u([0-9a-fA-F]{4})/g;

/**
 * Text as the search document holds it: `\uXXXX` escapes decoded (Python SDKs send non-ASCII
 * text JSON-escaped inside strings, and a user searches for the characters), NUL dropped, lone
 * surrogates repaired, NFC, trimmed, at most PIECE_CAP characters.
 */
export function searchText(raw: string | null | undefined): string {
  if (!raw) return "";
  // Only the first PIECE_CAP characters are kept: cut first, so a long tool result is not decoded
  // and normalised whole (an escape is 6 characters for 1, composing shortens a little).
  const escaped = raw.includes("\\u");
  let s = raw.length > PIECE_CAP + 64 ? raw.slice(0, escaped ? PIECE_CAP * 6 : PIECE_CAP + 64) : raw;
  if (escaped) s = s.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (s.includes("\u0000")) s = s.replace(/\u0000/g, "");
  // ASCII text is well formed and in NFC already: normalize() would copy it for nothing.
  s = NON_ASCII.test(s) ? s.toWellFormed().normalize("NFC").trim() : s.trim();
  return s.length > PIECE_CAP ? s.slice(0, PIECE_CAP).toWellFormed() : s;
}

class DocBuilder {
  readonly doc: SearchDoc;
  /** Per section, the pieces it holds, as they came and as decoded. */
  private readonly seenIn: Record<Section, Set<string>> = { prompt: new Set(), response: new Set(), tool: new Set(), error: new Set(), other: new Set() };
  private readonly seenIds = new Set<string>();
  private readonly used: Record<Section, number> = { prompt: 0, response: 0, tool: 0, error: 0, other: 0 };
  private idChars = 0;

  constructor(runId: string) {
    this.doc = { runId, prompt: [], response: [], tool: [], error: [], other: [], ids: [] };
  }

  add(section: Section, raw: string | null | undefined): void {
    if (!raw || this.used[section] >= SECTION_CAPS[section]) return;
    // Step inputs repeat the conversation so far: a piece seen as it came is skipped before the
    // (costlier) decoding and normalising.
    const seen = this.seenIn[section];
    if (seen.has(raw)) return;
    seen.add(raw);
    const text = searchText(raw);
    if (!text || (text !== raw && seen.has(text))) return;
    seen.add(text);
    this.doc[section].push(text);
    this.used[section] += text.length + 1;
    if (this.idChars >= IDS_CAP) return;
    for (const id of identifiers(text)) {
      if (this.idChars >= IDS_CAP) break;
      if (this.seenIds.has(id)) continue;
      this.seenIds.add(id);
      this.doc.ids.push(id);
      this.idChars += id.length + 1;
    }
  }

  messages(value: ChatMessage[] | string | null, textSection: Section): void {
    if (typeof value === "string" || value === null) return this.add(textSection, value);
    for (const m of value) {
      const section: Section = m.role === "assistant" ? "response" : m.role === "tool" ? "tool" : "prompt";
      for (const p of m.parts) {
        if (p.type === "text" || p.type === "reasoning") this.add(section, p.text);
        // Name, arguments and result as the tool call rows give them, so each is held once.
        else if (p.type === "tool_call") {
          this.add("tool", p.name);
          this.add("tool", p.arguments);
        } else if (p.type === "tool_result") this.add("tool", p.content);
        else if (p.type === "media") this.add(section, p.description);
      }
    }
  }
}

type RunText = Pick<RunInput, "id" | "traceId" | "systemPrompt" | "userPrompt" | "fullInput" | "response" | "fullOutput" | "statusMessage" | "models"> & {
  meta: Pick<RunInput["meta"], "sessionId" | "agent" | "userId" | "userName" | "orgId" | "orgName" | "custom">;
};
type StepText = Pick<StepInput, "runId" | "startTime" | "input" | "output" | "statusMessage">;
type ToolText = Pick<ToolCallInput, "runId" | "startTime" | "name" | "args" | "result" | "error">;

/** What a search document is built from: an ingestion batch, or runs read back from the database (the backfill). */
export interface SearchSource {
  runs: RunText[];
  steps: StepText[];
  toolCalls: ToolText[];
}

function addRun(b: DocBuilder, r: RunText): void {
  b.add("prompt", r.systemPrompt);
  b.add("prompt", r.userPrompt);
  // The raw input and output carry the same text as the prompt and response when those were read.
  if (!r.userPrompt && !r.systemPrompt) b.add("prompt", r.fullInput);
  b.add("response", r.response);
  if (!r.response) b.add("response", r.fullOutput);
  b.add("error", r.statusMessage);
  const m = r.meta;
  for (const v of [r.id, r.traceId, m.sessionId, m.agent, m.userId, m.userName, m.orgId, m.orgName, ...r.models]) b.add("other", v);
  for (const v of Object.values(m.custom)) b.add("other", v);
}

function addStep(b: DocBuilder, s: StepText): void {
  b.messages(s.input, "prompt");
  b.messages(s.output, "response");
  b.add("error", s.statusMessage);
}

function addTool(b: DocBuilder, t: ToolText): void {
  b.add("tool", t.name);
  b.add("tool", t.args);
  b.add("tool", t.result);
  b.add("error", t.error);
}

const byStart = <T extends { startTime: Date }>(a: T, b: T) => a.startTime.getTime() - b.startTime.getTime();

/** One document per run of a prepared batch (every run gets one, so its ids are searchable). */
export function searchDocs(batch: SearchSource): SearchDoc[] {
  const builders = new Map<string, DocBuilder>();
  const builder = (runId: string) => {
    let b = builders.get(runId);
    if (!b) builders.set(runId, (b = new DocBuilder(runId)));
    return b;
  };
  for (const r of batch.runs) addRun(builder(r.id), r);
  for (const s of [...batch.steps].sort(byStart)) addStep(builder(s.runId), s);
  for (const t of [...batch.toolCalls].sort(byStart)) addTool(builder(t.runId), t);
  return [...builders.values()].map((b) => b.doc);
}
