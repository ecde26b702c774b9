// What reading the topics' word vectors (lib/insights/topics/word-vectors.bin) costs the process
// that does it (the insight engine shares the web server's): wall and CPU time, and the growth of
// the resident set, the V8 heap and memory outside it (array buffers), after a full collection.
//   npx tsx --expose-gc bench/topics-word-vectors.mts
import { wordVectors } from "@/lib/insights/topics/word-vectors";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
gc();
const before = process.memoryUsage();
const cpu = process.cpuUsage();
const t = performance.now();
const wv = wordVectors();
const wall = performance.now() - t;
const used = process.cpuUsage(cpu);
gc();
const after = process.memoryUsage();
console.log(
  `${wv?.index.size ?? 0} words × ${wv?.dims ?? 0}: ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU; ` +
    `resident +${mb(after.rss - before.rss)}, heap +${mb(after.heapUsed - before.heapUsed)}, array buffers +${mb(after.arrayBuffers - before.arrayBuffers)}`,
);
