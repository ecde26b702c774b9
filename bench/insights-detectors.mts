// CPU per analysed run of the local pattern detectors (the built-in patterns), timed in-process
// over every run of the labelled evaluation set (tests/fixtures/insights), after a warm-up.
//   npx tsx bench/insights-detectors.mts [rounds]
// Prints the mean, p50 and p95 time of detectBuiltinPatterns per run, and the one-off load time of
// the lemmatiser's model (paid once per process, on the first run analysed).
import { detectBuiltinPatterns } from "@/lib/insights/patterns/builtin";
import { contentLemmas } from "@/lib/insights/patterns/lemmas";
import { loadEvaluationSet } from "@/tests/fixtures/insights/load";

const rounds = Number(process.argv[2] ?? 20);
const runs = [...loadEvaluationSet("dev"), ...loadEvaluationSet("heldout")].map((r) => r.context);

const t0 = performance.now();
contentLemmas("warm up the model");
const loadMs = performance.now() - t0;

for (const ctx of runs) detectBuiltinPatterns(ctx);
const samples: number[] = [];
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let i = 0; i < rounds; i++) {
  for (const ctx of runs) {
    const t = performance.now();
    detectBuiltinPatterns(ctx);
    samples.push(performance.now() - t);
  }
}
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
console.log(`Local pattern detectors: ${runs.length} runs × ${rounds} rounds`);
console.log(
  `  per run: mean ${(mean * 1000).toFixed(0)} µs, p50 ${(pct(50) * 1000).toFixed(0)} µs, p95 ${(pct(95) * 1000).toFixed(0)} µs, max ${(samples.at(-1)! * 1000).toFixed(0)} µs`,
);
console.log(
  `  process CPU per run: ${(((cpu.user + cpu.system) / 1000 / samples.length) * 1000).toFixed(0)} µs (wall ${(wallMs / samples.length).toFixed(3)} ms)`,
);
console.log(`  lemmatiser model load (once per process): ${loadMs.toFixed(0)} ms`);
