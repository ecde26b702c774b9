// Topic labels by class-based TF-IDF (BERTopic's c-TF-IDF): a term describes a cluster when it is
// frequent inside it and rare across all clusters. Weight = tf(t, c) · ln(1 + A / f(t)), with A the
// average term count per cluster and f(t) the term's count over every cluster.

/**
 * Whether a term is a number or an identifier rather than a word: digits only ("482", "2026"), or
 * letters and digits mixed the way order ids, SKUs, hashes and error codes are: three digits or
 * more ("a2291", "ts2339", "sha256"), or letters and digits alternating more than once ("4f3a9c",
 * "ab12cd", "160x200"). Short names with a digit ("2fa", "mp3", "s3", "ipv6", "win11") stay words.
 * Such terms count as words everywhere else (vectors, centroids, assignment); they only never name
 * a topic: an id is frequent in the few prompts that quote it and absent elsewhere, which is what
 * the weighting below rewards.
 */
export function isIdLike(term: string): boolean {
  const digits = term.replace(/\D/g, "").length;
  if (digits === 0) return false;
  if (!/\p{L}/u.test(term)) return true;
  // Runs of letters and of digits: "a2291" has 2, "4f3a9c" has 6.
  const runs = term.match(/\p{L}+|\d+/gu)?.length ?? 0;
  return digits >= 3 || runs >= 3;
}

/**
 * The top terms of each cluster, best first. `clusters[c]` holds the lemma lists of its prompts.
 * Numbers and ids (isIdLike) are weighed with the rest but never returned.
 */
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
      .filter(([t]) => !isIdLike(t))
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
