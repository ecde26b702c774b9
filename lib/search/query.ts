// The search query language, parsed into terms the data layer turns into SQL. Pure: no database,
// no I/O. Every run's search document holds its text in sections (prompt, response, tool, error,
// other) and, apart, the identifiers found in it (lib/search/document.ts); a term matches a run
// when it is found in the run's document (in one section when a field prefix names it), and
// every positive term must match.
//
//   refund            a word: matches the whole word, any case ("refunds" does not match)
//   refund*           a word prefix
//   "full refund"     the words in this order (a phrase)
//   ORD-1234 a1b2c3   identifiers (letters with digits or _ - . / @ : # …) and text in scripts
//                     written without spaces (Chinese, Japanese, Thai, …) are found as
//                     substrings of the document's identifiers: word tokenisation splits or
//                     glues them ("a12345" holds no word "12345")
//   -word -"a phrase" a run must not match it
//   prompt: response: tool: error:   the text in that part of the run only
//   user: agent: model: status: meta.<key>:   the run's fields (status: success | error)
//
// A query is parsed as well as it can be: stray quotes close at the end, unknown prefixes are
// text, punctuation around a word is dropped; what was changed is reported in `warnings`. What
// cannot be searched throws a SearchQueryError whose message says what to fix.
import { IDENT, UNSPACED } from "./text";

export const MAX_QUERY_CHARS = 500;
export const MAX_TERMS = 16;
/** pg_trgm indexes three-character sequences: a shorter substring cannot use the trigram index. */
export const MIN_INDEXED_SUBSTRING = 3;

export const TEXT_FIELDS = ["prompt", "response", "tool", "error"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export const FILTER_FIELDS = ["user", "agent", "model", "status"] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Text found in the run's search document. */
export interface TextTerm {
  kind: "word" | "prefix" | "phrase" | "substring";
  /** Words and prefixes in lower case; phrases and substrings as typed (matched without regard to case). */
  value: string;
  field: TextField | null;
  negated: boolean;
}

/** A run field: user id or name, agent name, model, status. */
export interface FilterTerm {
  kind: "filter";
  field: FilterField;
  /** For status: "success" | "error". */
  value: string;
  negated: boolean;
}

/** A custom metadata value, matched exactly as the runs filter `metadata.<key>=<value>` does. */
export interface MetaTerm {
  kind: "meta";
  key: string;
  value: string;
  negated: boolean;
}

export type SearchTerm = TextTerm | FilterTerm | MetaTerm;

export interface ParsedQuery {
  terms: SearchTerm[];
  /** What the parser changed or ignored, in words a user understands. */
  warnings: string[];
}

export class SearchQueryError extends Error {
  readonly code = "invalid_query";
  constructor(message: string) {
    super(message);
    this.name = "SearchQueryError";
  }
}

const STATUS_VALUES: Record<string, "success" | "error"> = {
  success: "success",
  succeeded: "success",
  ok: "success",
  error: "error",
  errors: "error",
  failed: "error",
  failure: "error",
  fail: "error",
};

const LETTERS = /^[\p{L}\p{M}]+$/u;
const ALNUM = /^[\p{L}\p{M}\p{N}]+$/u;
const EDGE_PUNCT = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const SPACE = /\s/u;

/** One raw token: its text, whether it was quoted, and a field prefix if it had one. */
interface RawToken {
  text: string;
  quoted: boolean;
  negated: boolean;
  prefix: string | null;
}

/** Splits the query into tokens, honouring quotes; an unterminated quote runs to the end. */
function tokenize(input: string, warnings: string[]): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && SPACE.test(input.charAt(i))) i++;
    if (i >= n) break;
    let negated = false;
    if (input[i] === "-" && i + 1 < n && !SPACE.test(input.charAt(i + 1))) {
      negated = true;
      i++;
    }
    // A field prefix: letters (and, for meta.<key>, the key) followed by ':'.
    let prefix: string | null = null;
    const rest = input.slice(i);
    const m = /^((?:meta|metadata)\.[^\s:"]+|[A-Za-z]+):/.exec(rest);
    if (m?.[1] && isKnownPrefix(m[1])) {
      prefix = m[1];
      i += m[0].length;
      // "status: error" means status:error.
      while (i < n && SPACE.test(input.charAt(i))) i++;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? n : close;
      if (close === -1) warnings.push("A quote was not closed; the phrase runs to the end of the query.");
      tokens.push({ text: input.slice(i + 1, end), quoted: true, negated, prefix });
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < n && !SPACE.test(input.charAt(i))) i++;
    tokens.push({ text: input.slice(start, i), quoted: false, negated, prefix });
  }
  return tokens;
}

function isKnownPrefix(p: string): boolean {
  const lower = p.toLowerCase();
  if (lower.startsWith("meta.") || lower.startsWith("metadata.")) return true;
  return (TEXT_FIELDS as readonly string[]).includes(lower) || (FILTER_FIELDS as readonly string[]).includes(lower);
}

/**
 * How one token is searched: a whole word; a substring of the document's identifiers; or, for
 * words joined by other punctuation ("don't", "e-mail,"), the words it holds in order.
 */
export function classifyText(text: string): "word" | "substring" | "phrase" {
  if (UNSPACED.test(text)) return "substring";
  if (LETTERS.test(text)) return "word";
  // Short runs of letters and digits ("42", "v2") are words; longer ones with digits are
  // identifiers that word tokenisation glues to their neighbours.
  if (ALNUM.test(text) && [...text].length < MIN_INDEXED_SUBSTRING) return "word";
  if (new RegExp(`^${IDENT.source}$`, "u").test(text)) return "substring";
  return "phrase";
}

function textTerms(tok: RawToken, field: TextField | null, warnings: string[]): TextTerm[] {
  const negated = tok.negated;
  if (tok.quoted) {
    const phrase = tok.text.replace(/\s+/gu, " ").trim();
    if (!phrase) {
      if (tok.text.length || tok.prefix === null) warnings.push("An empty phrase was ignored.");
      return [];
    }
    if (phrase.includes(" ")) return [{ kind: "phrase", value: phrase, field, negated }];
    // One quoted token is searched as it would be unquoted, punctuation included.
    const kind = classifyText(phrase);
    return [{ kind, value: kind === "word" ? phrase.toLowerCase() : phrase, field, negated }];
  }
  const isPrefix = tok.text.endsWith("*") && tok.text.length > 1;
  const core = tok.text.replace(EDGE_PUNCT, "");
  if (!core) {
    warnings.push(`"${tok.text}" has nothing to search for and was ignored.`);
    return [];
  }
  const kind = classifyText(core);
  if (isPrefix) {
    if (kind === "word" || (ALNUM.test(core) && !UNSPACED.test(core))) return [{ kind: "prefix", value: core.toLowerCase(), field, negated }];
    warnings.push(`"${tok.text}": a trailing * only works after letters and digits; searched for "${core}".`);
  }
  return [{ kind, value: kind === "word" ? core.toLowerCase() : core, field, negated }];
}

function fieldTerm(tok: RawToken, prefix: string, warnings: string[]): SearchTerm[] {
  const lower = prefix.toLowerCase();
  const value = tok.text.replace(/\s+/gu, " ").trim();
  if (!value) {
    warnings.push(`${prefix}: has no value and was ignored.`);
    return [];
  }
  if ((TEXT_FIELDS as readonly string[]).includes(lower)) return textTerms(tok, lower as TextField, warnings);
  if (lower.startsWith("meta.") || lower.startsWith("metadata.")) {
    const key = prefix.slice(prefix.indexOf(".") + 1);
    return [{ kind: "meta", key, value, negated: tok.negated }];
  }
  if (lower === "status") {
    const status = STATUS_VALUES[value.toLowerCase()];
    if (!status) throw new SearchQueryError(`status: takes success or error, not "${value}".`);
    return [{ kind: "filter", field: "status", value: status, negated: tok.negated }];
  }
  return [{ kind: "filter", field: lower as FilterField, value, negated: tok.negated }];
}

const termKey = (t: SearchTerm) => JSON.stringify(t);

/** Parses a search query; throws SearchQueryError when nothing searchable is left. */
export function parseQuery(input: string): ParsedQuery {
  if (typeof input !== "string") throw new SearchQueryError("The query must be text.");
  // PostgreSQL text holds no NUL and no lone surrogate: a query with either must not become a 5xx.
  const text = input
    .replace(/\u0000/g, "")
    .toWellFormed()
    .normalize("NFC");
  if (text.length > MAX_QUERY_CHARS) {
    throw new SearchQueryError(`The query is ${text.length} characters long; the limit is ${MAX_QUERY_CHARS}. Search for fewer or shorter terms.`);
  }
  const warnings: string[] = [];
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  for (const tok of tokenize(text, warnings)) {
    const parsed = tok.prefix === null ? textTerms(tok, null, warnings) : fieldTerm(tok, tok.prefix, warnings);
    for (const t of parsed) {
      const key = termKey(t);
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push(t);
    }
  }
  if (!terms.length) throw new SearchQueryError('The query has nothing to search for: type a word, an id or a "phrase".');
  if (terms.length > MAX_TERMS) throw new SearchQueryError(`The query has ${terms.length} terms; the limit is ${MAX_TERMS}. Remove some.`);
  if (terms.every((t) => t.negated)) {
    throw new SearchQueryError("The query only excludes (-term): add a word, an id or a field (e.g. status:error) for runs to match.");
  }
  return { terms, warnings };
}

/** The terms that search text, as opposed to run fields. */
export const isTextTerm = (t: SearchTerm): t is TextTerm => t.kind === "word" || t.kind === "prefix" || t.kind === "phrase" || t.kind === "substring";

/** `value` inside a LIKE pattern: %, _ and the escape character itself taken literally. */
export function likeContains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
