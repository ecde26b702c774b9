// Typos in short prompts ("pasword", "refnd", "adress") make words the vocabulary never learns, so
// the prompt loses its only topical term. A term seen too rarely to be in the vocabulary is read as
// the most frequent known term one letter longer or shorter, or with two neighbouring letters
// swapped. Not a substituted letter: that turns real words into others ("coat" into "cost").

/** Terms shorter than this are left alone: one edit from a short word is another word. */
export const MIN_CORRECTED_LENGTH = 4;
/** Unknown terms remembered per speller (a compiled model lives as long as the process). */
const MAX_CACHED = 50_000;

function deletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

function swaps(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < term.length; i++) if (term[i] !== term[i + 1]) out.push(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  return out;
}

import { lexiconHas } from "../patterns/lemmas";

export interface Speller {
  /** The known term an unknown term stands for, or the term itself. */
  correct(term: string): string;
}

/**
 * A speller over `known` terms (term → preference; the highest wins when several are one edit
 * away). `isWord` says a term is a real word, which is never corrected ("rest" is not "reset").
 */
export function speller(known: ReadonlyMap<string, number>, isWord: (term: string) => boolean = lexiconHas): Speller {
  // A missing letter: the known term's deletions, each pointing at its most common source.
  const index = new Map<string, string>();
  const weight = (t: string) => known.get(t) ?? 0;
  const better = (a: string, b: string | undefined) => b === undefined || weight(a) > weight(b) || (weight(a) === weight(b) && a < b);
  for (const term of known.keys()) {
    if (term.length < MIN_CORRECTED_LENGTH) continue;
    for (const d of deletions(term)) if (better(term, index.get(d))) index.set(d, term);
  }
  const cache = new Map<string, string>();
  return {
    correct(term) {
      if (known.has(term) || term.length < MIN_CORRECTED_LENGTH || /\d/.test(term)) return term;
      const hit = cache.get(term);
      if (hit !== undefined) return hit;
      if (cache.size >= MAX_CACHED) cache.clear();
      if (isWord(term)) {
        cache.set(term, term);
        return term;
      }
      // Candidates: a letter missing (the index), a letter too many (its deletions) or two swapped.
      const candidates = [index.get(term), ...[...deletions(term), ...swaps(term)].filter((t) => t.length >= MIN_CORRECTED_LENGTH && known.has(t))];
      let best = term;
      for (const c of candidates) if (c !== undefined && (best === term || better(c, best))) best = c;
      cache.set(term, best);
      return best;
    },
  };
}

/**
 * The speller of a vocabulary (term → idf): the commoner term (lower idf) wins a tie. Discovery and
 * assignment build it from the same stored weights, so a new run's typo is read as the window's was.
 */
export function vocabularySpeller(idf: ReadonlyMap<string, number>): Speller {
  return speller(new Map([...idf].map(([t, w]) => [t, -w])));
}
