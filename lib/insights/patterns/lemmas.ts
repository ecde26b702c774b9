// Content lemmas of a text with wink-nlp's English model (lemmas, stop words), for comparing a
// user's turn with the previous one (rephrasing). The model loads once, on first use.
import winkNLP, { type ItemToken, type ItsFunction } from "wink-nlp";
import model from "wink-eng-lite-web-model";

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;

// Only the part-of-speech step: lemmas need it, sentence boundaries, negation and sentiment do not
// (the full pipeline costs about three times as much per text).
export const engine = (): Nlp => (nlp ??= winkNLP(model, ["pos"]));

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
