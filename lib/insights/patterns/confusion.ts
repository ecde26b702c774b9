// confusion (conversational runs only): the user does not understand the agent's answer or what
// to do next, or points out that the agent contradicts itself. Only a turn that follows an answer
// can be confused by it: a first question that says "I don't understand my invoice" is not.
import { contentLemmas } from "./lemmas";
import { evidenceAt, firstCue, maskQuoted, prepare, wordCount, type Cue } from "./text";
import type { PatternMatch, RunContext } from "./types";

const DID_IT_WORK = /\bdid (?:that|it|this|you) [\p{L} ]{1,20}\bor not\b/iu;

const CUES: readonly Cue[] = [
  { id: "what-do-you-mean", re: /\bwhat (?:do|did) you mean\b|\bwhat (?:does|did) (?:that|this|it|that part|this part) mean\b|\bmeaning what\b/i },
  {
    id: "dont-understand",
    re: /\bi (?:don't|do not|didn't|did not|still don't) (?:really |quite |fully |totally )?(?:understand|get|follow)\b/i,
    // "I don't understand why my refund is late" is about the user's own case, not the answer.
    accept: (text, m) => !/^\s*(?:why|how come) (?:my|our|the|i|we)\b/i.test(text.slice(m.index + m[0].length)),
  },
  {
    id: "confused",
    re: /\bi(?:'m| am) (?:so |a bit |a little |really |totally |completely |now |still )?(?:confused|lost)\b|\bnow i(?:'m| am) confused\b|\blost (?:you|me)\b/i,
  },
  { id: "no-sense", re: /\b(?:doesn't|does not|don't|do not) make (?:any |much )?sense\b|\bmakes? no sense\b/i },
  { id: "not-sure-i-follow", re: /\bnot sure (?:i|that i) (?:follow|understand|get)\b|\bi(?:'m| am) not following\b/i },
  { id: "huh", re: /(?:^|\s)huh\b|\bcome again\b|\bsorry,? what\b|\bwait,? what\b|\bhuh\?/i },
  {
    id: "which-one",
    re: /\bwhich(?: [\w-]+){0,2} (?:did|do|are|were|have|should) (?:you|i) (?:mean|book|booked|pick|picked|choose|use|used|add|added|change|changed|update|updated|send|sent|look|looking|talk|talking|refer|referring|put|create|created|open|opened|select|selected)\b|\bwhich(?: [\w-]+){0,2}\?/i,
  },
  // The agent contradicting itself (or a source the user quotes).
  {
    id: "contradiction",
    re: /\byou (?:just |earlier |before )?(?:said|told me|wrote|quoted|promised|offered)\b|\bnow you(?:'re| are) saying\b|\bi thought you said\b|\byou (?:just )?contradict|\b(?:earlier|before|a minute ago) you\b/i,
  },
  // A contradiction with another source the user names: "your colleague told me…", "my offer
  // letter said 3 months though", "…it said 90 g. Which is right?".
  {
    id: "other-source",
    re: /\byour (?:colleague|colleagues|agent|rep|website|site|app|email|letter|faq)\b[^.?!\n]{0,20}\b(?:said|says|told me|tells me|stated)\b|\b(?:said|says|told me)\b[^.?!\n]{1,60}\bthough\s*[.?!]*\s*$|\bwhich (?:one )?is (?:right|correct|true)\b/i,
  },
  // A question that offers two readings of the answer: "is that a pace or a heart rate?".
  { id: "either-or", re: /\bis (?:that|it|this) (?:an? |the )?[\p{L}\p{N} -]{1,25} or (?:an? |the )?[\p{L}\p{N} -]{1,25}\?/iu },
  // Asking whether what the agent did happened: "did that work or not?".
  { id: "did-it-work", re: DID_IT_WORK },
  { id: "what-next", re: /\bwhat (?:should|do|can) i do (?:now|next|then)\b|\bnow what\b|\bwhere did [^.!?\n]{1,40} come from\b/i },
  { id: "explain-again", re: /\b(?:can|could) you (?:explain|clarify|rephrase|simplify) (?:that|this|it|what you mean)\b|\bexplain (?:that|it) again\b/i },
  {
    id: "cannot-see-it",
    re: /\bi (?:can't|cannot|don't|do not) (?:see|find) (?:it|that|this|them|the|a|an|any)\b|\bno [\w-]+(?: [\w-]+)? (?:tab|button|option|menu|link|field|setting) anywhere\b/i,
  },
  // "There is no Advanced under Wireless on mine": a menu the answer named is not there.
  { id: "no-such-menu", re: /\b[Tt]here(?:'s| is) no [\w-]+(?: [\w-]+)? (?:under|in) (?:the )?[A-Z]/ },
];

// "What's a list-wide opt-out?" right after an answer that used the term.
const TERM_QUESTION = /(?:^|[.!?]\s+)what(?:'s| is| are)? (?:an? )?([\p{L}\p{N}][\p{L}\p{N}' -]{1,40})\?/iu;

// Echoing a term of the answer as a question: "premium what?", "a break what?", "a hybrid what
// agreement?", or opening with it: "Checkout? I already…", "progressive overload = ?",
// "recoverable meaning I pay it or not?". Only when the answer used the words.
const ECHO_WHAT = /\b([\p{L}-]{3,}) what\b(?: [\p{L}-]+)?\s*\?/iu;
const NOT_ECHO = new Set([
  "and",
  "but",
  "then",
  "for",
  "with",
  "about",
  "from",
  "into",
  "does",
  "did",
  "was",
  "were",
  "are",
  "exactly",
  "just",
  "now",
  "know",
  "see",
  "mean",
  "tell",
  "guess",
  "say",
  "said",
  "ask",
  "asked",
  "matter",
  "doing",
  "because",
]);
const TERM_OPENING = /^\s*([\p{L}\p{N}][\p{L}\p{N} -]{1,30}?)\s*(?:\?|=\s*\?|\bmeaning\b)/iu;
const SMALL_WORDS = /^(?:yes|yeah|no|nope|ok|okay|sure|really|why|how|what|when|where|who|which|and|so|then|sorry|hello|hi|thanks)$/i;
/** Only punctuation with a question mark: "??", "?!". */
const BARE_QUESTION = /^[\s?!.]*\?[\s?!.]*$/;

/** Every word of `term` appears in the answer (case-insensitive, inside longer tokens too). */
function answerUses(term: string, answer: string): boolean {
  const words = term
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
  const a = answer.toLowerCase();
  return words.length > 0 && words.every((w) => !SMALL_WORDS.test(w) && a.includes(w));
}

export function detectConfusion(ctx: RunContext): PatternMatch | null {
  const { run, previous } = ctx;
  const last = previous.at(-1);
  if (!run.conversational || !last) return null;
  const prompt = prepare(run.userPrompt);
  const text = maskQuoted(prompt);
  // After an empty answer, only not knowing whether it worked: "did that work or not?", "??".
  if (!last.response?.trim()) {
    if (BARE_QUESTION.test(prompt)) return { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, 0, prompt.length)] };
    const unsure = DID_IT_WORK.exec(text);
    return unsure ? { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, unsure.index, unsure.index + unsure[0].length)] } : null;
  }
  const hit = firstCue(CUES, text);
  if (hit) return { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, hit.match.index, hit.match.index + hit.match[0].length)] };

  if (BARE_QUESTION.test(prompt)) return { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, 0, prompt.length)] };
  const answerText = prepare(last.response);
  const echo = ECHO_WHAT.exec(text);
  if (echo?.[1] && !NOT_ECHO.has(echo[1].toLowerCase()) && answerUses(echo[1], answerText)) {
    return { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, echo.index, echo.index + echo[0].length)] };
  }
  const opening = TERM_OPENING.exec(text);
  if (opening?.[1] && wordCount(opening[1]) <= 3 && answerUses(opening[1], answerText)) {
    return { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, opening.index, opening.index + opening[0].length)] };
  }

  const term = TERM_QUESTION.exec(text);
  const termText = term?.[1];
  if (term && termText && wordCount(termText) <= 4) {
    const asked = contentLemmas(termText);
    const answer = contentLemmas(prepare(last.response));
    let known = 0;
    for (const l of asked) if (answer.has(l)) known++;
    if (asked.size > 0 && known / asked.size >= 0.6) {
      return { key: "confusion", evidence: [evidenceAt("turn", run.id, prompt, term.index, term.index + term[0].length)] };
    }
  }
  return null;
}
