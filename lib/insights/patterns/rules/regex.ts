// User regexes run on RE2 (re2js): matching time is linear in the input, so no pattern can
// backtrack catastrophically; lookarounds and backreferences, which need backtracking, are
// rejected with a message that says so. Inputs are cut to MAX_REGEX_INPUT_CHARS per value.
import { RE2JS } from "re2js";

export const MAX_REGEX_CHARS = 500;
/** Longest text one regex condition reads from one value (a prompt, one tool result…). */
export const MAX_REGEX_INPUT_CHARS = 16_384;
// Counted repeats ("(x{100}){100}") compile into large programs that are slow even in linear time.
const MAX_PROGRAM_SIZE = 20_000;

export type CompiledRegex = RE2JS;

export type RegexCheck = { ok: true; regex: CompiledRegex } | { ok: false; message: string };

export function compileUserRegex(pattern: string, caseSensitive = false): RegexCheck {
  if (pattern.length > MAX_REGEX_CHARS) return { ok: false, message: `The regex is longer than ${MAX_REGEX_CHARS} characters.` };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
    const hint = /\(\?<[=!]|\(\?[=!]|\\[1-9]/.test(pattern)
      ? " Lookarounds ((?=…), (?<=…)) and backreferences (\\1) are not supported: patterns run on RE2, which guarantees linear time."
      : "";
    return { ok: false, message: `Invalid regex: ${detail}.${hint}` };
  }
  if (regex.programSize() > MAX_PROGRAM_SIZE) return { ok: false, message: "The regex is too complex (its counted repeats expand too far); simplify it." };
  return { ok: true, regex };
}

/** The first match of `regex` in `text` (read up to MAX_REGEX_INPUT_CHARS), as [start, end). */
export function findRegex(regex: CompiledRegex, text: string): [number, number] | null {
  const m = regex.matcher(text.length > MAX_REGEX_INPUT_CHARS ? text.slice(0, MAX_REGEX_INPUT_CHARS) : text);
  return m.find() ? [m.start(), m.end()] : null;
}
