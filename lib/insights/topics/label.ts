// Topic labels by class-based TF-IDF (BERTopic's c-TF-IDF): a term describes a cluster when it is
// frequent inside it and rare across all clusters. Weight = tf(t, c) · ln(1 + A / f(t)), with A the
// average term count per cluster and f(t) the term's count over every cluster.

/** The top terms of each cluster, best first. `clusters[c]` holds the lemma lists of its prompts. */
export function classTfIdf(clusters: readonly (readonly string[][])[], count: number): string[][] {
  const perClass = clusters.map((docs) => {
    const tf = new Map<string, number>();
    for (const doc of docs) for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const total = new Map<string, number>();
  let words = 0;
  for (const tf of perClass)
    for (const [t, n] of tf) {
      total.set(t, (total.get(t) ?? 0) + n);
      words += n;
    }
  const average = clusters.length > 0 ? words / clusters.length : 0;
  return perClass.map((tf) =>
    [...tf.entries()]
      // Ties broken by the term itself, so a label does not depend on the order prompts came in.
      .map(([t, n]) => [t, n * Math.log(1 + average / (total.get(t) ?? 1))] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, count)
      .map(([t]) => t),
  );
}

export function labelOf(keywords: readonly string[], terms: number): string {
  return keywords.slice(0, terms).join(", ");
}
