// CPU of one lexical re-clustering at the read cap, without a database: 20,000 prompts built from
// the shop intent corpus (every prompt repeated, a third of them with the words of another prompt
// of the same intent appended, as real traffic repeats and rephrases), lemmatised, then discovery
// (vocabulary, typo reading, communities over the 3,000-prompt sample, labels, assignment of all
// 20,000), and the assignment of one new prompt as the engine does it per analysed run. Also the
// adjusted Rand index of the 20,000 assignments against the intents of the prompts they came from.
//   npx tsx bench/topics-cluster.mts [--prompts=20000] [--reps=3] [--appended=0.333] [--words-only]
// --appended=1 appends to every prompt, so the sample is nearly all distinct prompts (the costliest graph).
// --words-only links prompts by their words alone (no word vectors), as before they were added.
import { loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { assignLemmas, compileModel } from "@/lib/insights/topics/assign";
import { discoverTopics } from "@/lib/insights/topics/discover";
import { adjustedRandIndex } from "@/lib/insights/topics/evaluation";
import { DEFAULT_TOPIC_OPTIONS } from "@/lib/insights/topics/model";
import { lemmas } from "@/lib/insights/topics/text";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }),
);
const count = Number(args.prompts ?? 20_000);
const reps = Number(args.reps ?? 3);
const appended = Number(args.appended ?? 1 / 3);
const options = args["words-only"] ? { wordVectorWeight: 0 } : {};

let seed = 12_345;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const corpus = loadIntentCorpus().prompts;
const byIntent = new Map<string, string[]>();
for (const p of corpus) byIntent.set(p.intent, [...(byIntent.get(p.intent) ?? []), p.text]);
const prompts = Array.from({ length: count }, (_, i) => {
  const p = corpus[Math.floor(random() * corpus.length)]!;
  const same = byIntent.get(p.intent)!;
  const text = random() < appended ? `${p.text} ${same[Math.floor(random() * same.length)]!}` : p.text;
  return { id: `run-${i}`, text, intent: p.intent };
});

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = cpu();
const docs = prompts.map((p) => ({ id: p.id, text: p.text, lemmas: lemmas(p.text) }));
console.log(`lemmatising ${count.toLocaleString("en-US")} prompts: ${(cpu() - t).toFixed(0)} ms CPU`);

const times: number[] = [];
let result: ReturnType<typeof discoverTopics> | null = null;
for (let r = 0; r < reps; r++) {
  let next = 0;
  t = cpu();
  result = discoverTopics({ docs, newId: () => `t${next++}`, options });
  times.push(cpu() - t);
}
const { model, assignments, sampled } = result!;
const ari = adjustedRandIndex(
  prompts.map((p) => p.intent),
  prompts.map((p) => assignments.get(p.id)?.topicId ?? `unassigned:${p.id}`),
);
console.log(
  `discovery (${sampled.toLocaleString("en-US")} clustered, ${count.toLocaleString("en-US")} assigned): ${times.map((x) => x.toFixed(0)).join(", ")} ms CPU; ` +
    `${model.topics.length} topics, ${[...assignments.values()].filter(Boolean).length.toLocaleString("en-US")} assigned, ARI ${ari.toFixed(3)}; model ${(JSON.stringify(model).length / 1024).toFixed(0)} kB`,
);

const compiled = compileModel(model);
const sample = corpus.map((p) => p.text);
t = cpu();
const rounds = 5;
for (let r = 0; r < rounds; r++) for (const text of sample) assignLemmas(compiled, lemmas(text), DEFAULT_TOPIC_OPTIONS.assignThreshold);
console.log(`assigning one new prompt (lemmas + nearest topic): ${(((cpu() - t) / (rounds * sample.length)) * 1000).toFixed(0)} µs CPU`);
