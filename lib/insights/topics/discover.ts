// Topic discovery over a window's user prompts: lemmas → TF-IDF vectors → communities of the
// prompts' nearest-neighbour graph → small ones dropped → labels by c-TF-IDF → ids carried
// over from the previous model by centroid similarity → every prompt (sampled or not) assigned to
// its nearest topic, exactly as later runs will be. With embeddings of the prompts (the optional
// endpoint), an average-linkage tree is built on them instead and prompts are placed by their embeddings; the
// words still label each topic and give it the lexical centroid new runs are assigned with.
import { assignLemmas, compileModel } from "./assign";
import { classTfIdf, labelOf } from "./label";
import { communities, knnGraph } from "./community";
import { distanceMatrix } from "./linkage";
import { DEFAULT_TOPIC_OPTIONS, type Assignment, type Topic, type TopicModel, type TopicOptions } from "./model";
import { expand, termNeighbours } from "./expand";
import { bottomKSample, fnv1a } from "./sample";
import { vocabularySpeller } from "./spelling";
import { cosine, meanDirection, nearestDirection, semanticClusters, unit, type Embedding } from "./semantic";
import { lemmas } from "./text";
import { buildVocabulary, centroid, dot, isEmpty, mapCosine, vectorize, type SparseVector, type Vocabulary } from "./vectors";
import { promptVector, sentenceVectors, wordVectors as repositoryWordVectors, type WordVectors } from "./word-vectors";

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
  /** Embeddings by prompt id. When they cover the sample, clustering uses them; prompts without one are placed lexically. */
  embeddings?: ReadonlyMap<string, ArrayLike<number>>;
  /** Their cosine distances over `embeddedSample(…)`, computed ahead (with pauses) by the caller; computed here when absent. */
  embeddingDistances?: Float32Array;
  /** Word vectors for the prompt graph; the repository's file when absent, none when null. */
  wordVectors?: WordVectors | null;
}

export interface DiscoverResult {
  model: TopicModel;
  /** Every input prompt's topic, or null when none fits. */
  assignments: Map<string, Assignment | null>;
  /** How many prompts were clustered (the rest were assigned). */
  sampled: number;
  /** Each topic's mean embedding direction, when clustered on embeddings (to place more prompts by theirs). */
  directions?: Map<string, Embedding>;
}

interface Cluster {
  members: number[];
  keywords: string[];
  centroid: Map<string, number>;
  representative: string;
  /** Mean embedding direction, when clustered on embeddings. */
  direction?: Embedding;
}

export function discoverTopics({ docs, previous, newId, options, embeddings, embeddingDistances, wordVectors }: DiscoverInput): DiscoverResult {
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
  // Linking prompts by their expanded vectors links paraphrases that share no word; assigning prompts
  // on the plain ones keeps each topic to the words its prompts really use (measured better both ways).
  const neighbours = termNeighbours(vectors, vocab.terms.length, opts.expandNeighbours, opts.expandMinSimilarity);
  const graphVectors = opts.expandWeight > 0 ? vectors.map((v) => expand(v, neighbours, opts.expandWeight)) : vectors;
  // Prompts with no vocabulary term (greetings, a pasted id) cannot join a topic; leave them out.
  const usable = vectors.map((v, i) => i).filter((i) => !isEmpty(vectors[i]!));
  const dense = embeddings?.size ? unitEmbeddings(embeddings) : null;
  const clusters = dense
    ? findSemanticClusters(dense, embeddingDistances, { vectors, sample, sampleLemmas, terms: vocab.terms, opts })
    : findClusters(usable, graphVectors, {
        vectors,
        sample,
        sampleLemmas,
        terms: vocab.terms,
        opts,
        sentences:
          opts.wordVectorWeight > 0 ? promptWordVectors(sampleLemmas, vocab, wordVectors === undefined ? repositoryWordVectors() : wordVectors, opts) : null,
      });
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
  const directions = clusters.map((c) => c.direction!);
  for (const [id, doc] of lemmasById) {
    const e = dense?.get(id);
    if (!e) {
      assignments.set(id, assignLemmas(compiled, doc, opts.assignThreshold));
      continue;
    }
    const best = nearestDirection(e, directions, opts.embeddingAssignThreshold);
    assignments.set(id, best ? { topicId: topics[best.index]!.id, similarity: best.similarity } : null);
  }
  return {
    model,
    assignments,
    sampled: sample.length,
    ...(dense ? { directions: new Map(topics.map((t, k) => [t.id, directions[k]!])) } : {}),
  };
}

/** The unit embeddings of the clustered sample, in the order clustering reads them. */
export function embeddedSample(docs: readonly PromptDoc[], embeddings: ReadonlyMap<string, ArrayLike<number>>, sampleCap: number): Embedding[] {
  const dense = unitEmbeddings(embeddings);
  return bottomKSample(docs, sampleCap)
    .map((d) => dense.get(d.id))
    .filter((e): e is Embedding => e !== undefined);
}

function unitEmbeddings(embeddings: ReadonlyMap<string, ArrayLike<number>>): Map<string, Embedding> {
  const out = new Map<string, Embedding>();
  for (const [id, v] of embeddings) {
    const u = unit(v);
    if (u) out.set(id, u);
  }
  return out;
}

/** Clusters the sampled prompts that have an embedding on their embeddings; keywords and the lexical centroid come from their words. */
function findSemanticClusters(
  dense: ReadonlyMap<string, Embedding>,
  distances: Float32Array | undefined,
  { vectors, sample, sampleLemmas, terms, opts }: SampleText,
): Cluster[] {
  const embedded = sample.map((d, i) => i).filter((i) => dense.has(sample[i]!.id));
  const groups = semanticClusters(
    embedded.map((i) => dense.get(sample[i]!.id)!),
    opts,
    distances,
  )
    .slice(0, opts.maxTopics)
    .map((g) => g.map((k) => embedded[k]!));
  const keywords = classTfIdf(
    groups.map((m) => m.map((i) => sampleLemmas[i]!)),
    opts.keywordCount,
  );
  return groups.map((m, c) => {
    const direction = meanDirection(m.map((i) => dense.get(sample[i]!.id)!));
    let representative = m[0]!;
    let bestSim = -Infinity;
    for (const i of m) {
      const sim = cosine(dense.get(sample[i]!.id)!, direction);
      if (sim > bestSim + 1e-9) {
        bestSim = sim;
        representative = i;
      }
    }
    return {
      members: m,
      keywords: keywords[c]!,
      centroid: centroid(
        m.map((i) => vectors[i]!),
        terms,
        opts.centroidTerms,
      ),
      representative: sample[representative]!.text,
      direction,
    };
  });
}

/** The sample's words: its TF-IDF vectors, lemmas and vocabulary terms. */
interface SampleText {
  vectors: SparseVector[];
  sample: readonly PromptDoc[];
  sampleLemmas: string[][];
  terms: string[];
  opts: TopicOptions;
}

/**
 * Each sampled prompt's sentence vector from word vectors (null for a prompt with no known
 * word), or null when there are no word vectors.
 */
function promptWordVectors(sampleLemmas: string[][], vocab: Vocabulary, wv: WordVectors | null, opts: TopicOptions): (Float64Array | null)[] | null {
  if (!wv) return null;
  const zipf = Math.log(1.78 * wv.index.size);
  const weight =
    opts.wordVectorWeighting === "idf"
      ? (w: string) => {
          const i = vocab.index.get(w);
          return i === undefined ? vocab.unseenIdf : vocab.idf[i]!;
        }
      : (_: string, row: number) => opts.sifA / (opts.sifA + 1 / ((row + 1) * zipf));
  return sentenceVectors(
    sampleLemmas.map((doc) => promptVector(doc, weight, wv)),
    wv.dims,
    opts.wordVectorComponents,
  );
}

/** Cosine of two unit sentence vectors; 0 when either prompt has none. */
function sentenceCosine(a: Float64Array | null, b: Float64Array | null): number {
  if (!a || !b) return 0;
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}

function findClusters(
  usable: number[],
  graphVectors: SparseVector[],
  { vectors, sample, sampleLemmas, terms, opts, sentences }: SampleText & { sentences: (Float64Array | null)[] | null },
): Cluster[] {
  if (usable.length === 0) return [];
  // One node per distinct prompt vector: repeated prompts ("reset my password" a hundred times)
  // would otherwise fill each other's nearest neighbours and leave the graph in islands. Nodes in
  // the order of their first prompt's id hash, so the communities do not depend on the order
  // prompts came in.
  const copies = new Map<string, number[]>();
  for (const i of [...usable].sort((a, b) => fnv1a(sample[a]!.id) - fnv1a(sample[b]!.id) || a - b)) {
    const v = vectors[i]!;
    const key = `${v.idx.join(",")}|${v.val.join(",")}`;
    const same = copies.get(key);
    if (same) same.push(i);
    else copies.set(key, [i]);
  }
  const nodes = [...copies.values()];
  const n = nodes.length;
  // With word vectors, a share of each similarity is that of the two prompts' sentence vectors.
  const w = sentences ? opts.wordVectorWeight : 0;
  const dist = distanceMatrix(n, (i, j) => {
    const p = nodes[i]![0]!;
    const q = nodes[j]![0]!;
    const lexical = dot(graphVectors[p]!, graphVectors[q]!);
    return 1 - (sentences ? (1 - w) * lexical + w * sentenceCosine(sentences[p]!, sentences[q]!) : lexical);
  });
  const labels = communities(knnGraph(n, dist, opts.graphNeighbours), { restarts: opts.communityRestarts, resolution: opts.communityResolution });
  const groups = new Map<number, number[]>();
  labels.forEach((c, i) => {
    const group = groups.get(c);
    if (group) group.push(...nodes[i]!);
    else groups.set(c, [...nodes[i]!]);
  });
  const minSize = Math.max(opts.minClusterSize, Math.ceil(opts.minClusterShare * usable.length));
  let members = [...groups.values()].filter((m) => m.length >= minSize);
  // A community holds the prompts linked to it, not each prompt's nearest topic; a few rounds of
  // nearest-centroid reassignment let every prompt find its best topic (or none).
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
