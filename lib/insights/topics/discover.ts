// Topic discovery over a window's user prompts: lemmas → TF-IDF vectors → average-linkage
// clusters cut at a cosine distance → small clusters dropped → labels by c-TF-IDF → ids carried
// over from the previous model by centroid similarity → every prompt (sampled or not) assigned to
// its nearest topic, exactly as later runs will be.
import { assignLemmas, compileModel } from "./assign";
import { classTfIdf, labelOf } from "./label";
import { averageLinkage, cutTree, distanceMatrix } from "./linkage";
import { DEFAULT_TOPIC_OPTIONS, type Assignment, type Topic, type TopicModel, type TopicOptions } from "./model";
import { expand, termNeighbours } from "./expand";
import { bottomKSample } from "./sample";
import { vocabularySpeller } from "./spelling";
import { lemmas } from "./text";
import { buildVocabulary, centroid, dot, isEmpty, mapCosine, vectorize, type SparseVector } from "./vectors";

export interface PromptDoc {
  id: string;
  text: string;
  /** The text's lemmas when already computed (the engine lemmatises with pauses, off the clustering's clock). */
  lemmas?: string[];
}

export interface DiscoverInput {
  docs: readonly PromptDoc[];
  /** The model in use until now: topics that reappear keep their ids. */
  previous?: TopicModel | null;
  /** A fresh id for a topic that matches no earlier one. */
  newId: () => string;
  options?: Partial<TopicOptions>;
}

export interface DiscoverResult {
  model: TopicModel;
  /** Every input prompt's topic, or null when none fits. */
  assignments: Map<string, Assignment | null>;
  /** How many prompts were clustered (the rest were assigned). */
  sampled: number;
}

interface Cluster {
  members: number[];
  keywords: string[];
  centroid: Map<string, number>;
  representative: string;
}

export function discoverTopics({ docs, previous, newId, options }: DiscoverInput): DiscoverResult {
  const opts = { ...DEFAULT_TOPIC_OPTIONS, ...options };
  const rawLemmas = new Map(docs.map((d) => [d.id, d.lemmas ?? lemmas(d.text)]));
  const sample = bottomKSample(docs, opts.sampleCap);
  const vocab = buildVocabulary(
    sample.map((d) => rawLemmas.get(d.id)!),
    opts,
  );
  // Typos outside the vocabulary are read as the vocabulary term one edit away, as assignment will.
  const spell = vocabularySpeller(new Map(vocab.terms.map((t, i) => [t, vocab.idf[i]!])));
  const lemmasById = new Map([...rawLemmas].map(([id, doc]) => [id, doc.map((t) => spell.correct(t))]));
  const sampleLemmas = sample.map((d) => lemmasById.get(d.id)!);
  const vectors = sampleLemmas.map((doc) => vectorize(doc, vocab));
  // Building the tree on expanded vectors links paraphrases that share no word; assigning prompts
  // on the plain ones keeps each topic to the words its prompts really use (measured better both ways).
  const neighbours = termNeighbours(vectors, vocab.terms.length, opts.expandNeighbours, opts.expandMinSimilarity);
  const treeVectors = opts.expandWeight > 0 ? vectors.map((v) => expand(v, neighbours, opts.expandWeight)) : vectors;
  // Prompts with no vocabulary term (greetings, a pasted id) cannot join a topic; leave them out.
  const usable = vectors.map((v, i) => i).filter((i) => !isEmpty(vectors[i]!));
  const clusters = findClusters(usable, treeVectors, vectors, sample, sampleLemmas, vocab.terms, opts);
  const topics = nameTopics(clusters, previous ?? null, newId, opts);
  const model: TopicModel = {
    version: 1,
    docCount: sample.length,
    idf: Object.fromEntries(vocab.terms.map((t, i) => [t, vocab.idf[i]!])),
    unseenIdf: vocab.unseenIdf,
    topics,
  };
  const compiled = compileModel(model);
  const assignments = new Map<string, Assignment | null>();
  for (const [id, doc] of lemmasById) assignments.set(id, assignLemmas(compiled, doc, opts.assignThreshold));
  return { model, assignments, sampled: sample.length };
}

function findClusters(
  usable: number[],
  treeVectors: SparseVector[],
  vectors: SparseVector[],
  sample: readonly PromptDoc[],
  sampleLemmas: string[][],
  terms: string[],
  opts: TopicOptions,
): Cluster[] {
  const n = usable.length;
  if (n === 0) return [];
  const dist = distanceMatrix(n, (i, j) => 1 - dot(treeVectors[usable[i]!]!, treeVectors[usable[j]!]!));
  const labels = cutTree(n, averageLinkage(n, dist), opts.distanceThreshold);
  const groups = new Map<number, number[]>();
  labels.forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), usable[i]!]));
  const minSize = Math.max(opts.minClusterSize, Math.ceil(opts.minClusterShare * n));
  let members = [...groups.values()].filter((m) => m.length >= minSize && coherent(m, sampleLemmas, opts.minTermCoverage));
  // Cutting the tree leaves each cluster with the prompts that happened to join it below the
  // threshold; a few rounds of nearest-centroid reassignment let every prompt find its best topic.
  for (let round = 0; round < opts.refineRounds && members.length > 0; round++) {
    const centers = members.map((m) =>
      centroid(
        m.map((i) => vectors[i]!),
        terms,
        opts.centroidTerms,
      ),
    );
    const next = centers.map((): number[] => []);
    for (const i of usable) {
      const best = nearestCenter(vectors[i]!, terms, centers);
      if (best.similarity >= opts.assignThreshold) next[best.index]!.push(i);
    }
    members = next.filter((m) => m.length >= minSize);
  }
  members = members.sort((a, b) => b.length - a.length || a[0]! - b[0]!).slice(0, opts.maxTopics);
  const keywords = classTfIdf(
    members.map((m) => m.map((i) => sampleLemmas[i]!)),
    opts.keywordCount,
  );
  return members.map((m, c) => {
    const center = centroid(
      m.map((i) => vectors[i]!),
      terms,
      opts.centroidTerms,
    );
    return { members: m, keywords: keywords[c]!, centroid: center, representative: nearestText(m, vectors, terms, center, sample) };
  });
}

/** A topic is about something its prompts share: its most common term must be in enough of them. */
function coherent(members: number[], sampleLemmas: string[][], minCoverage: number): boolean {
  const df = new Map<string, number>();
  for (const i of members) for (const t of new Set(sampleLemmas[i])) df.set(t, (df.get(t) ?? 0) + 1);
  return Math.max(0, ...df.values()) >= minCoverage * members.length;
}

function similarityTo(v: SparseVector, terms: string[], center: Map<string, number>): number {
  let sim = 0;
  for (let k = 0; k < v.idx.length; k++) sim += v.val[k]! * (center.get(terms[v.idx[k]!]!) ?? 0);
  return sim;
}

function nearestCenter(v: SparseVector, terms: string[], centers: Map<string, number>[]): { index: number; similarity: number } {
  let index = 0;
  let similarity = -1;
  centers.forEach((c, k) => {
    const sim = similarityTo(v, terms, c);
    if (sim > similarity) {
      similarity = sim;
      index = k;
    }
  });
  return { index, similarity };
}

function nearestText(members: number[], vectors: SparseVector[], terms: string[], center: Map<string, number>, sample: readonly PromptDoc[]): string {
  let best = members[0]!;
  let bestSim = -1;
  for (const i of members) {
    const sim = similarityTo(vectors[i]!, terms, center);
    if (sim > bestSim + 1e-9) {
      bestSim = sim;
      best = i;
    }
  }
  return sample[best]!.text;
}

/** Gives each cluster an id: the best-matching earlier topic's (each used once, best pairs first), else a new one. */
function nameTopics(clusters: Cluster[], previous: TopicModel | null, newId: () => string, opts: TopicOptions): Topic[] {
  const ids: (string | null)[] = clusters.map(() => null);
  if (previous) {
    const pairs: [number, number, number][] = [];
    previous.topics.forEach((old, p) => {
      const oldCentroid = new Map(old.centroid);
      clusters.forEach((c, k) => {
        const sim = mapCosine(oldCentroid, c.centroid);
        if (sim >= opts.matchThreshold) pairs.push([sim, p, k]);
      });
    });
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    const usedOld = new Set<number>();
    for (const [, p, k] of pairs) {
      if (usedOld.has(p) || ids[k] !== null) continue;
      usedOld.add(p);
      ids[k] = previous.topics[p]!.id;
    }
  }
  return clusters.map((c, k) => ({
    id: ids[k] ?? newId(),
    label: labelOf(c.keywords, opts.labelTerms),
    keywords: c.keywords,
    representative: c.representative,
    size: c.members.length,
    centroid: [...c.centroid.entries()],
  }));
}
