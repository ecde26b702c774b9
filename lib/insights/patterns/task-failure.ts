// task_failure (every run): the agent did not do what was asked: the run failed, the answer is
// empty, or the answer is a refusal or an inability in the agent's own voice.
import { evidenceAt, evidenceOf, firstCue, maskQuoted, prepare, type Cue } from "./text";
import type { PatternMatch, RunFacts } from "./types";

// Refusals come first in an answer; a "can't" deep inside a long answer is usually about
// something else (and scanning only the head bounds the work on long answers).
const RESPONSE_HEAD_CHARS = 600;

// Phrases after "I can't" that are not an inability: "I can't recommend it enough".
const NOT_INABILITY = /^\s*(?:wait|recommend|stress|emphasi[sz]e|thank|agree|believe|tell you how (?:happy|glad)|say enough)/i;

const CUES: readonly Cue[] = [
  {
    id: "i-cannot",
    re: /\bi (?:really |just |currently |still |unfortunately )?(?:can't|cannot|can not|couldn't|could not)\b/i,
    accept: (text, m) =>
      !NOT_INABILITY.test(text.slice(m.index + m[0].length)) &&
      !/^\s*find any (?:issues?|problems?|errors?|bugs?|mistakes?)\b/i.test(text.slice(m.index + m[0].length)),
  },
  { id: "i-am-unable", re: /\bi(?:'m| am) (?:(?:currently|still|afraid|sorry,? but) )?(?:not able|unable|not allowed|not permitted|only able)\b/i },
  { id: "i-was-unable", re: /\bi (?:wasn't able|was not able|was unable|have not been able|haven't been able)\b/i },
  { id: "i-have-no", re: /\bi (?:don't|do not) have (?:any |the )?(?:access|information|info|details|data|ability|permission|a way|way|tools?)\b/i },
  { id: "i-will-not", re: /\bi (?:won't|will not) (?:be able|write|do|help|provide|share|create|generate|complete)\b/i },
  { id: "i-can-only", re: /\bi can only\b/i },
  { id: "not-something-i-can", re: /\b(?:isn't|aren't|is not|are not|not) something i can\b/i },
  { id: "we-cannot", re: /\bwe (?:can't|cannot|are unable|aren't able|are not able|were unable|couldn't|could not)\b/i },
  { id: "not-possible", re: /\b(?:isn't|aren't|is not|are not) possible\b/i },
  { id: "tried-but", re: /\bi tried (?:to )?[^.!?\n]{0,80}\bbut\b/i },
];

/** The refusal or inability phrase in an answer, if any (quoted text ignored). */
export function findRefusal(response: string): { start: number; end: number } | null {
  const text = maskQuoted(prepare(response, RESPONSE_HEAD_CHARS));
  const hit = firstCue(CUES, text);
  return hit ? { start: hit.match.index, end: hit.match.index + hit.match[0].length } : null;
}

export function detectTaskFailure(run: RunFacts): PatternMatch | null {
  if (run.status === 2) return { key: "task_failure", evidence: [evidenceOf("run", run.id, run.statusMessage?.trim() || "The run ended with an error.")] };
  const response = run.response ?? "";
  if (response.trim() === "") return { key: "task_failure", evidence: [evidenceOf("response", run.id, "(empty answer)")] };
  const refusal = findRefusal(response);
  if (refusal) return { key: "task_failure", evidence: [evidenceAt("response", run.id, response, refusal.start, refusal.end)] };
  return null;
}
