// frustration (conversational runs only): the user shows annoyance or dissatisfaction with the
// agent. Lexical cues aimed at the agent (not at a third party), plus behaviour: repeating a
// request the agent failed, a short "no" that repeats the previous request, a thumbs down whose
// text complains about the answer.
import { contentLemmas, jaccard } from "./lemmas";
import { detectTaskFailure } from "./task-failure";
import { clauseBefore, evidenceAt, firstCue, maskQuoted, prepare, wordCount, type Cue } from "./text";
import type { PatternMatch, RunContext, RunFacts } from "./types";

// Words that make a clause about someone else: "my landlord is ridiculous", "Webpack's docs are
// useless", "these delivery guys are hopeless" (contractions such as "that's" are not possessives).
const THIRD_PARTY = /\b(?:my|our|their|his|her|these|those|the|a|an)\s+[\p{L}-]+|\b(?!(?:it|that|this|what|there|here|he|she|let|who|where)'s\b)[\p{L}]+'s\b/iu;
const AT_AGENT = /\b(?:you|your|bot|chat|assistant|ai)\b/i;
const aboutAgent = (text: string, m: RegExpExecArray) => {
  const clause = clauseBefore(text, m.index) + m[0];
  return AT_AGENT.test(clause) || !THIRD_PARTY.test(clause);
};

const JUDGEMENT =
  "(?:useless|pointless|worthless|hopeless|ridiculous|unbelievable|a joke|a waste of (?:my )?time|garbage|rubbish|unhelpful|not helpful|no help|not (?:very )?(?:helpful|useful|reliable)|terrible|awful|annoying|frustrating|infuriating|impossible)";
const INTENSIFIER = "(?:(?:so|really|completely|totally|absolutely|utterly|just|pretty|kind of|kinda|honestly|quite|beyond) )*";

const CUES: readonly Cue[] = [
  // Repeating themselves.
  { id: "already-told", re: /\bi(?:'ve| have)? (?:already |just |literally |just literally )?(?:told|gave|given|sent|showed) you\b/i },
  { id: "already-did", re: /\bi (?:already|just) (?:said|did|explained|mentioned|answered|asked|wrote|gave|sent|provided|specified)\b/i },
  { id: "i-said", re: /(?:^|[.!?]\s+|,\s*)i (?:said|asked for|specified)\b(?! (?:to|that to)\b)/i },
  { id: "as-i-said", re: /\b(?:as|like) i (?:said|mentioned|told you|explained|wrote)\b/i },
  { id: "how-many-times", re: /\bhow many (?:more )?times\b/i },
  { id: "nth-time", re: /\b(?:for )?the (?:second|third|fourth|fifth|tenth|hundredth|nth|\d+(?:st|nd|rd|th)) time\b/i },
  { id: "scroll-up", re: /\b(?:scroll|read|look) (?:back )?up\b|\bright there in (?:my|the) (?:previous|last|earlier|first)\b/i },
  // The agent repeats itself, ignores or misreads the user.
  {
    id: "you-keep",
    re: /\byou (?:just )?(?:keep|kept) (?:on )?(?:saying|asking|repeating|giving|telling|putting|sending|ignoring|suggesting|getting|making|adding|missing|forgetting)\b|\byou (?:just )?repeated\b|\byou(?:'re| are) (?:going|running) (?:round|around) in circles\b/i,
  },
  {
    id: "same-again",
    re: /\b(?:the )?same (?:answer|thing|reply|response|message|link|steps) again\b|\brepeat(?:ing)? the same (?:thing|answer|reply|message)\b|\bthat(?:'s| is) (?:literally |exactly )?what i (?:did|said|wrote|tried)\b/i,
  },
  {
    id: "not-listening",
    re: /\byou(?:'re| are) (?:not|n't) (?:listening|reading|helping|understanding)\b|\bdo you (?:even |actually )?read\b|\bare you (?:even )?(?:listening|reading|kidding|serious)\b|\byou(?:'re| are) kidding(?: me)?\b|\bis (?:anyone|anybody) (?:home|there|listening)\b/i,
  },
  {
    id: "not-what-i-asked",
    re: /\b(?:that's|that is|this is|that was|it's|it is)? ?not what i (?:asked|meant|said|wanted|need|needed)\b|\byou (?:didn't|did not|don't|do not) (?:even )?(?:answer|read|listen|understand|get it)\b|\byou got (?:it |that |this )?wrong\b|\b(?:wrong|incorrect) again\b/i,
  },
  // Judging the agent (a clause about someone else is venting, not frustration with the agent).
  {
    id: "judgement",
    re: new RegExp(
      `\\b(?:you(?:'re| are)|(?:this|that|your) (?:bot|chat|chatbot|assistant|ai|thing|system|conversation|answer|response|reply|advice|suggestion|help|search|explanation|tool)(?:'s| is| was)|this is|that's|that is|that was|this was|it's|it is)\\s+${INTENSIFIER}${JUDGEMENT}`,
      "i",
    ),
    accept: aboutAgent,
  },
  { id: "judgement-alone", re: new RegExp(`(?:^|[.!?]\\s+)${INTENSIFIER}${JUDGEMENT}\\s*[.!?]*\\s*$`, "i"), accept: aboutAgent },
  { id: "judgement-alone-mid", re: new RegExp(`(?:^|[.!?]\\s+)${INTENSIFIER}${JUDGEMENT}[.!?]+\\s`, "i"), accept: aboutAgent },
  {
    id: "what-are-you-for",
    re: /\bwhat are you (?:even )?(?:for|good for)\b|\bwhy do you (?:even )?exist\b|\bwhat(?:'s| is) the point of (?:you|this chat|this bot)\b/i,
  },
  // Giving up.
  {
    id: "give-up",
    re: /\b(?:forget (?:about )?it|never ?mind|i give up|don't bother)\b/i,
    // "never mind, found it, thanks" and "never mind sushi, let's do ramen" are not giving up.
    accept: (text, m) => {
      const after = text.slice(m.index + m[0].length);
      // "forget it, not worth it": the user weighs the matter, not the agent's help.
      return (
        /^\s*(?:[.,!;:\-—]|$|i'll|i will)/i.test(after) &&
        !/\b(?:thanks?|thank you|found|figured|got it|solved|sorted|works|worked)\b/i.test(text) &&
        !/^[\s.,!;:\-—]*(?:it'?s |it is )?not worth (?:it|the)\b/i.test(after)
      );
    },
  },
  {
    id: "do-it-myself",
    re: /\bi(?:'ll| will)(?: just)? (?:do|check|find|figure|sort|look|handle|fix|book|call|google|search|write)\b[^.!?\n]{0,50}\bmyself\b/i,
  },
  { id: "still-waiting", re: /\bstill waiting\b|\bhello\?{2,}|\bseriously\s*[?!]|\b(?:oh )?come on\b[.!?,]/i },
];

// Asking for a person is frustration only once the agent has had a go (a first "can I speak to
// someone about my mortgage?" is routing).
const HUMAN: Cue = {
  id: "ask-for-human",
  re: /\b(?:talk|speak|chat)(?: to| with) (?:a |an |some |an actual |a real |a live )?(?:human|person|real person|actual person|someone|somebody|manager|supervisor|agent|representative|rep)\b|\b(?:put|transfer|connect) me (?:through )?(?:to|with) (?:a |an |some )?(?:human|person|someone|somebody|manager|agent|representative)\b|\b(?:get|give) me (?:a |an )?(?:human|real person|manager)\b/i,
};

// Thumbs down text that complains about the answer.
const FEEDBACK_COMPLAINT =
  /\b(?:wrong|incorrect|inaccurate|useless|unhelpful|not helpful|didn't help|did not help|doesn't help|didn't answer|did not answer|not what i asked|made (?:it|that|this) up|made up|guess(?:ed|ing)?|hallucinat\w*|nonsense|irrelevant|terrible|awful|waste of time|ignored|not listening)\b/i;

const NEGATED_START = /^\s*(?:no|nope|nah|not|wrong)\b/i;

const failed = (r: RunFacts) => detectTaskFailure(r) !== null || r.feedback.some((f) => f.score === -1);

// A session's first turn has no answer of the agent's to be dissatisfied with: a judgement or
// giving up there ("Nothing works since this morning and it's really annoying") is about the
// user's situation unless it names the agent ("you're useless"). A run without a session may
// follow turns we cannot see, so it is judged as a later turn.
const NEEDS_AN_ANSWER = new Set(["judgement", "judgement-alone", "judgement-alone-mid", "give-up"]);
const FIRST_TURN_CUES: readonly Cue[] = CUES.map((c) =>
  NEEDS_AN_ANSWER.has(c.id) ? { ...c, accept: (text, m) => AT_AGENT.test(clauseBefore(text, m.index) + m[0]) && (!c.accept || c.accept(text, m)) } : c,
);

export function detectFrustration(ctx: RunContext): PatternMatch | null {
  const { run, previous } = ctx;
  if (!run.conversational) return null;
  const prompt = prepare(run.userPrompt);
  const text = maskQuoted(prompt);
  const firstTurn = previous.length === 0 && run.sessionId !== null;
  const hit = firstCue(firstTurn ? FIRST_TURN_CUES : CUES, text) ?? (previous.length > 0 ? firstCue([HUMAN], text) : null);
  if (hit) return { key: "frustration", evidence: [evidenceAt("turn", run.id, prompt, hit.match.index, hit.match.index + hit.match[0].length)] };

  for (const f of run.feedback) {
    if (f.score !== -1 || !f.text) continue;
    const fb = prepare(f.text);
    const m = FEEDBACK_COMPLAINT.exec(fb);
    if (m) return { key: "frustration", evidence: [evidenceAt("feedback", f.id, fb, m.index, m.index + m[0].length)] };
  }

  const last = previous.at(-1);
  if (!last?.userPrompt || !prompt.trim()) return null;
  const overlap = jaccard(contentLemmas(prompt), contentLemmas(prepare(last.userPrompt)));
  // Asking the same thing again after the agent failed it.
  if (overlap >= 0.5 && failed(last)) return { key: "frustration", evidence: [evidenceAt("turn", run.id, prompt, 0, prompt.length)] };
  // "No. Cancel. Not pause.": a short negated follow-up that repeats the previous request.
  if (overlap >= 0.3 && wordCount(prompt) <= 8 && NEGATED_START.test(prompt)) {
    return { key: "frustration", evidence: [evidenceAt("turn", run.id, prompt, 0, prompt.length)] };
  }
  return null;
}
