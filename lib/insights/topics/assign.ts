// Nearest-topic assignment of one prompt against a stored model: what the engine does for each
// new conversational run between re-clusterings. An inverted index over the centroids makes it
// cost a few map look-ups per lemma.
import type { Assignment, TopicModel } from "./model";
import { lemmas } from "./text";
import { vocabularySpeller, type Speller } from "./spelling";
import { termCounts } from "./vectors";

export interface CompiledModel {
  idf: Map<string, number>;
  unseenIdf: number;
  /** term → [topic index, centroid weight] */
  postings: Map<string, [number, number][]>;
  topicIds: string[];
  /** Reads a typo as the vocabulary term one edit away, as discovery did. */
  speller: Speller;
}

export function compileModel(model: TopicModel): CompiledModel {
  const postings = new Map<string, [number, number][]>();
  model.topics.forEach((topic, i) => {
    for (const [term, w] of topic.centroid) {
      const list = postings.get(term) ?? [];
      list.push([i, w]);
      postings.set(term, list);
    }
  });
  const idf = new Map(Object.entries(model.idf));
  return {
    idf,
    speller: vocabularySpeller(idf),
    unseenIdf: model.unseenIdf,
    postings,
    topicIds: model.topics.map((t) => t.id),
  };
}

/** The most similar topic at or above `threshold`, or null (no topic fits, or the prompt has no content words). */
export function assignLemmas(model: CompiledModel, doc: readonly string[], threshold: number): Assignment | null {
  const scores = new Float64Array(model.topicIds.length);
  let sumSquares = 0;
  for (const [term, count] of termCounts(doc.map((t) => model.speller.correct(t)))) {
    const w = (1 + Math.log(count)) * (model.idf.get(term) ?? model.unseenIdf);
    sumSquares += w * w;
    for (const [topic, cw] of model.postings.get(term) ?? []) scores[topic]! += w * cw;
  }
  if (sumSquares === 0) return null;
  const norm = Math.sqrt(sumSquares);
  let best = -1;
  let bestScore = 0;
  scores.forEach((s, i) => {
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  const similarity = bestScore / norm;
  return best >= 0 && similarity >= threshold ? { topicId: model.topicIds[best]!, similarity } : null;
}

export function assignPrompt(model: CompiledModel, prompt: string, threshold: number): Assignment | null {
  return assignLemmas(model, lemmas(prompt), threshold);
}
