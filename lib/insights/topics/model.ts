// What topic discovery produces and the engine stores: the vocabulary's weights and each topic's
// centroid as term → weight pairs. Terms, not vocabulary positions, so a stored model keeps
// working for assignment after the vocabulary of a later re-clustering has changed.

export interface Topic {
  /** Stable across re-clustering: a new cluster whose terms match an earlier topic keeps its id. */
  id: string;
  /** The top terms, joined: what the topic is about at a glance. */
  label: string;
  /** Top terms by class-based TF-IDF, best first. */
  keywords: string[];
  /** The sampled prompt nearest the topic's centre. */
  representative: string;
  /** Sampled prompts that formed the topic. */
  size: number;
  /** Normalised mean vector of its prompts, strongest terms first. */
  centroid: [string, number][];
}

export interface TopicModel {
  version: 1;
  /** Prompts the vocabulary was learnt from. */
  docCount: number;
  /** Inverse document frequency of every vocabulary term. */
  idf: Record<string, number>;
  /** Weight of a term outside the vocabulary. */
  unseenIdf: number;
  topics: Topic[];
}

export interface TopicOptions {
  /** Most prompts clustered at once (clustering is quadratic); the rest are assigned to the topics found. */
  sampleCap: number;
  /** Each prompt is linked to this many most similar prompts; topics are the communities of that graph. */
  graphNeighbours: number;
  /** Node orders tried by the community search (the partition of highest modularity is kept), and its resolution (1: plain modularity). */
  communityRestarts: number;
  communityResolution: number;
  /** A cluster smaller than this (or than minClusterShare of the sample) is not a topic. */
  minClusterSize: number;
  minClusterShare: number;
  maxTopics: number;
  /** Rounds of nearest-centroid reassignment after the tree is cut. */
  refineRounds: number;
  /** Least cosine similarity to a topic's centroid for a prompt to belong to it. */
  assignThreshold: number;
  /** Least centroid similarity for a new cluster to inherit an earlier topic's id. */
  matchThreshold: number;
  /** Weight of related terms added to each prompt vector when building the tree (0: none), how many per term and how related. */
  expandWeight: number;
  expandNeighbours: number;
  expandMinSimilarity: number;
  /** With embeddings: cut the tree at this cosine distance, and least similarity to a topic's mean direction to belong to it. */
  embeddingDistanceThreshold: number;
  embeddingAssignThreshold: number;
  /** Share of the prompt graph's similarity taken from word vectors (0: words alone), their weighting, SIF's a, and common components removed. */
  wordVectorWeight: number;
  wordVectorWeighting: "sif" | "idf";
  sifA: number;
  wordVectorComponents: number;
  keywordCount: number;
  labelTerms: number;
  centroidTerms: number;
  minDf: number;
  maxDfRatio: number;
}

export const DEFAULT_TOPIC_OPTIONS: TopicOptions = {
  sampleCap: 3_000,
  graphNeighbours: 10,
  communityRestarts: 8,
  communityResolution: 1.25,
  minClusterSize: 3,
  minClusterShare: 0.03,
  maxTopics: 60,
  refineRounds: 5,
  assignThreshold: 0.1,
  matchThreshold: 0.5,
  expandWeight: 1,
  expandNeighbours: 10,
  expandMinSimilarity: 0.1,
  embeddingDistanceThreshold: 0.6,
  embeddingAssignThreshold: 0.35,
  wordVectorWeight: 0.5,
  wordVectorWeighting: "sif",
  sifA: 1e-3,
  wordVectorComponents: 1,
  keywordCount: 8,
  labelTerms: 3,
  centroidTerms: 40,
  minDf: 2,
  maxDfRatio: 0.5,
};

export interface Assignment {
  topicId: string;
  /** Cosine similarity to the topic's centroid. */
  similarity: number;
}
