import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { discoverTopics } from "./discover";
import { parseWordVectors, promptVector, readWordVectors, sentenceVectors, WORD_VECTORS_FILE, wordVectors, type WordVectors } from "./word-vectors";

/** A file in the format scripts/build-word-vectors.mjs writes. */
function file(words: string[], vectors: number[][], scale = 0.5): Uint8Array {
  const dims = vectors[0]!.length;
  const text = Buffer.from(words.join("\n"), "utf8");
  const header = Buffer.alloc(14);
  header.write("SLWV", 0, "latin1");
  header.writeUInt8(1, 4);
  header.writeUInt8(dims, 5);
  header.writeUInt32LE(words.length, 6);
  header.writeUInt32LE(text.length, 10);
  const scales = new Float32Array(words.length).fill(scale);
  const values = Int8Array.from(vectors.flat());
  // An offset into a larger buffer, as Node's pooled buffers are.
  return new Uint8Array(Buffer.concat([Buffer.alloc(3), header, text, Buffer.from(scales.buffer), Buffer.from(values.buffer)])).subarray(3);
}

const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < a.length; d++) {
    ab += a[d]! * b[d]!;
    aa += a[d]! * a[d]!;
    bb += b[d]! * b[d]!;
  }
  return ab / Math.sqrt(aa * bb);
};

const vectorOf = (wv: WordVectors, word: string) => promptVector([word], () => 1, wv)!;

describe("parseWordVectors", () => {
  it("reads the words, their scales and 8-bit values, or the first maxWords of them", () => {
    const buf = file(
      ["refund", "money", "printer"],
      [
        [10, 0, -4],
        [8, 2, -4],
        [-6, 120, 0],
      ],
    );
    const wv = parseWordVectors(buf);
    expect(wv.dims).toBe(3);
    expect([...wv.index]).toEqual([
      ["refund", 0],
      ["money", 1],
      ["printer", 2],
    ]);
    expect([...vectorOf(wv, "printer")]).toEqual([-3, 60, 0]);
    const two = parseWordVectors(buf, 2);
    expect(two.index.has("printer")).toBe(false);
    expect(two.values.length).toBe(6);
  });

  it("refuses another file, and a cut or padded one", () => {
    expect(() => parseWordVectors(new Uint8Array(20))).toThrow(/SLWV/);
    const buf = file(
      ["refund", "money"],
      [
        [1, 2],
        [3, 4],
      ],
    );
    expect(() => parseWordVectors(buf.subarray(0, buf.length - 1))).toThrow(/bytes, expected/);
    expect(() => parseWordVectors(new Uint8Array([...buf, 0]))).toThrow(/bytes, expected/);
  });
});

describe("readWordVectors", () => {
  it("warns once and gives null for a missing or damaged file; discovery then links prompts by their words alone", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "word-vectors-"));
    const damaged = path.join(dir, "damaged.bin");
    fs.writeFileSync(damaged, fs.readFileSync(WORD_VECTORS_FILE).subarray(0, 100_000));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const f of [path.join(dir, "missing.bin"), damaged]) {
        warn.mockClear();
        expect(readWordVectors(f)).toBeNull();
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/word vectors not read/);
      }
    } finally {
      warn.mockRestore();
      fs.rmSync(dir, { recursive: true });
    }
    const docs = ["refund my order", "refund for my order please", "order refund now", "reset my password", "password reset link", "my password reset"].map(
      (text, i) => ({
        id: `p${i}`,
        text,
      }),
    );
    const run = (wv: WordVectors | null, weight: number) => {
      let next = 0;
      const r = discoverTopics({ docs, newId: () => `t${next++}`, wordVectors: wv, options: { wordVectorWeight: weight } });
      return docs.map((d) => r.assignments.get(d.id)?.topicId ?? null);
    };
    expect(run(null, 0.5)).toEqual(run(null, 0));
  });
});

describe("prompt vectors", () => {
  const wv = parseWordVectors(
    file(
      ["refund", "money", "printer", "jam"],
      [
        [100, 10, 0],
        [90, 30, 0],
        [0, 10, 100],
        [10, 0, 90],
      ],
      1,
    ),
  );

  it("are the weighted mean of the known words' vectors, and null with none known", () => {
    const v = promptVector(["refund", "unknown", "money"], (w) => (w === "refund" ? 3 : 1), wv)!;
    expect([...v]).toEqual([97.5, 15, 0]);
    expect(promptVector(["unknown"], () => 1, wv)).toBeNull();
  });

  it("lose the direction common to all prompts and have unit length", () => {
    const prompts = [["refund"], ["money"], ["printer"], ["jam"], ["nothing known"]].map((words) => promptVector(words, () => 1, wv));
    const [refund, money, printer, jam, none] = sentenceVectors(prompts, 3);
    expect(none).toBeNull();
    for (const v of [refund, money, printer, jam]) expect(Math.hypot(...v!)).toBeCloseTo(1, 9);
    // Without the common direction, the two money words stay close and the two printer words stay apart from them.
    expect(cos(refund!, money!)).toBeGreaterThan(0.5);
    expect(cos(refund!, printer!)).toBeLessThan(0);
    expect(cos(money!, jam!)).toBeLessThan(0);
  });
});

describe("the repository's word vectors", () => {
  const wv = wordVectors();

  it("are present: 100,000 words in 50 dimensions, tail words of support requests among them", () => {
    expect(wv).not.toBeNull();
    expect(wv!.index.size).toBe(100_000);
    expect(wv!.dims).toBe(50);
    for (const word of ["refund", "reimburse", "vpn", "phishing", "laptop", "password"]) expect(wv!.index.has(word), word).toBe(true);
  });

  it("place words of one need near each other and away from others", () => {
    const v = (w: string) => vectorOf(wv!, w);
    expect(cos(v("refund"), v("reimburse"))).toBeGreaterThan(cos(v("refund"), v("printer")) + 0.2);
    expect(cos(v("laptop"), v("computer"))).toBeGreaterThan(cos(v("laptop"), v("refund")) + 0.2);
  });
});
