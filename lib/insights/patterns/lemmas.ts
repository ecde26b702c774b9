// Content lemmas of a text with wink-nlp's English model (lemmas, stop words), for comparing a
// user's turn with the previous one (rephrasing). The model loads once, on first use.
import winkNLP, { type ItemToken, type ItsFunction } from "wink-nlp";
import model from "wink-eng-lite-web-model";

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;
/** The id of the first word outside the model's lexicon (see lexiconHas). */
let firstUnknownId = 0;

function uniqueIds(n: Nlp, text: string): number[] {
  const tokens = n.readDoc(text).tokens();
  // As for its.lemma, the typings reject its.uniqueId as an argument of out(); it is the documented use.
  return (tokens.out.bind(tokens) as (f: unknown) => number[])(n.its.uniqueId);
}

// Only the part-of-speech step: lemmas need it, sentence boundaries, negation and sentiment do not
// (the full pipeline costs about three times as much per text).
export const engine = (): Nlp => {
  if (!nlp) {
    nlp = winkNLP(model, ["pos"]);
    // wink numbers the lexicon's words first and every unknown word after them, in the order met:
    // the first word read, one that is in no lexicon, marks where the unknown ones begin.
    firstUnknownId = uniqueIds(nlp, "qxzvjkwq")[0] ?? 0;
  }
  return nlp;
};

/** True when the word (one token, lower case) is in the English model's lexicon: a real word, not a typo or a name it never saw. */
export function lexiconHas(word: string): boolean {
  const ids = uniqueIds(engine(), word);
  return ids.length === 1 && ids[0]! < firstUnknownId;
}

/** Lower-cased lemmas of the words and numbers of `text` that are not stop words. */
export function contentLemmas(text: string): Set<string> {
  const doc = engine().readDoc(text);
  const its = engine().its;
  const out = new Set<string>();
  doc.tokens().each((t: ItemToken) => {
    const type = t.out(its.type);
    if ((type !== "word" && type !== "number") || t.out(its.stopWordFlag)) return;
    // The typings give `its.lemma` a signature `out` does not accept; at run time it is an its-function.
    const lemma = String(t.out(its.lemma as unknown as ItsFunction<string>)).toLowerCase();
    if (lemma.length > 1 || type === "number") out.add(lemma);
  });
  return out;
}

/** Jaccard similarity of two sets (0 when both are empty). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
