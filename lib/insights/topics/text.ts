// Turns a user prompt into the lemmas topics are built from, with the wink-nlp engine the pattern
// detectors load (one English model in memory; it ships in the npm package, nothing is downloaded).
import { engine } from "../patterns/lemmas";

/** Words that say how a person asks, not what about; common to every agent's users. */
const FILLER = new Set([
  "please",
  "pls",
  "plz",
  "hi",
  "hello",
  "hey",
  "thanks",
  "thank",
  "thx",
  "help",
  "want",
  "need",
  "like",
  "know",
  "tell",
  "ok",
  "okay",
  "yes",
  "cant",
  "dont",
  "doesnt",
  "didnt",
  "wont",
  "isnt",
  "im",
  "ive",
  "id",
  "u",
  "ur",
]);

/** Longest prompt text read: the topic of a prompt is in its beginning, and long pastes cost time. */
export const MAX_PROMPT_CHARS = 2_000;

/** The content lemmas of a text, lower-cased, in order: stop words, filler, punctuation and one-letter tokens dropped. */
export function lemmas(text: string): string[] {
  const nlp = engine();
  const doc = nlp.readDoc(text.slice(0, MAX_PROMPT_CHARS));
  const its = nlp.its;
  // wink's typings reject its.lemma as an argument of out() although it is the documented use.
  const out = doc.tokens().out.bind(doc.tokens()) as (f: unknown) => unknown[];
  const lemma = out(its.lemma) as string[];
  const type = out(its.type) as string[];
  const stop = out(its.stopWordFlag) as boolean[];
  const terms: string[] = [];
  for (let i = 0; i < lemma.length; i++) {
    if (stop[i] || (type[i] !== "word" && type[i] !== "number")) continue;
    const term = (lemma[i] ?? "").toLowerCase().replace(/['’.]/g, "");
    if (term.length < 2 || FILLER.has(term)) continue;
    terms.push(term);
  }
  return terms;
}
