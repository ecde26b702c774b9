// Turns a user prompt into the lemmas topics are built from. wink-nlp's English model ships in the
// npm package (no download at run time); only the POS tagger runs because lemmas depend on it and
// nothing else here (entities, sentiment) is used.
import winkNLP, { type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";

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

let nlp: WinkMethods | null = null;

function engine(): WinkMethods {
  nlp ??= winkNLP(model, ["pos"]);
  return nlp;
}

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
