// Topic quality of option variants on the three labelled corpora, as quality.test.ts measures it
// (mean adjusted Rand index and mean count of labels with their key term over ten id orders).
//   npx tsx bench/topics-variants.mts '{"wordVectorWeight":0.3}' ['{…}' …] [--vectors=file] [--words=50000] [--subsets]
// --subsets: instead, the mean index over 9 subsets of each corpus (a half, two thirds and three
// quarters of its prompts, each drawn three times by hashing the ids), with the corpus's own ids.
import fs from "node:fs";
import { loadDevtoolsCorpus, loadHeldOutCorpus, loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { discoverTopics } from "@/lib/insights/topics/discover";
import { fnv1a } from "@/lib/insights/topics/sample";
import { adjustedRandIndex } from "@/lib/insights/topics/evaluation";
import { lemmas } from "@/lib/insights/topics/text";
import { parseWordVectors, wordVectors as repositoryWordVectors } from "@/lib/insights/topics/word-vectors";
import type { TopicOptions } from "@/lib/insights/topics/model";

const flags = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith("--"))
    .map((a) => {
      const [k, v] = a.slice(2).split("=");
      return [k!, v ?? "true"];
    }),
);
const variants = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const wv = flags.vectors ? parseWordVectors(fs.readFileSync(flags.vectors), Number(flags.words ?? Infinity)) : repositoryWordVectors();
const ORDERS = Number(flags.orders ?? 10);
const corpora = { shop: loadIntentCorpus(), helpdesk: loadHeldOutCorpus(), devtools: loadDevtoolsCorpus() };
const words = new Map(Object.values(corpora).flatMap((c) => c.prompts.map((p) => [p.id + c.intents[0]!.intent, lemmas(p.text)] as const)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const v of variants.length ? variants : ["{}"]) {
  const options = JSON.parse(v) as Partial<TopicOptions>;
  const row: string[] = [];
  if (flags.subsets) {
    for (const [name, { intents, prompts: all }] of Object.entries(corpora)) {
      const ari: number[] = [];
      for (const share of [1 / 2, 2 / 3, 3 / 4])
        for (const draw of [1, 2, 3]) {
          const prompts = all.filter((p) => (fnv1a(`${draw}:${p.id}`) % 1200) / 1200 < share);
          const docs = prompts.map((p) => ({ id: p.id, text: p.text, lemmas: words.get(p.id + intents[0]!.intent) }));
          let next = 0;
          const r = discoverTopics({ docs, newId: () => `t${next++}`, options, wordVectors: wv });
          ari.push(
            adjustedRandIndex(
              prompts.map((p) => p.intent),
              prompts.map((p) => r.assignments.get(p.id)?.topicId ?? `u:${p.id}`),
            ),
          );
        }
      row.push(`${name} subsets ${mean(ari).toFixed(3)} (${Math.min(...ari).toFixed(3)}–${Math.max(...ari).toFixed(3)})`);
    }
    console.log(`${v}  ${row.join(" | ")}`);
    continue;
  }
  for (const [name, { intents, prompts }] of Object.entries(corpora)) {
    const ari: number[] = [];
    const labels: number[] = [];
    for (let order = 0; order < ORDERS; order++) {
      const idOf = (id: string) => (order === 0 ? id : `${id}~${order}`);
      const docs = prompts.map((p) => ({ id: idOf(p.id), text: p.text, lemmas: words.get(p.id + intents[0]!.intent) }));
      let next = 0;
      const r = discoverTopics({ docs, newId: () => `t${next++}`, options, wordVectors: wv });
      const topicOf = (id: string) => r.assignments.get(idOf(id))?.topicId ?? null;
      ari.push(
        adjustedRandIndex(
          prompts.map((p) => p.intent),
          prompts.map((p) => topicOf(p.id) ?? `u:${p.id}`),
        ),
      );
      let ok = 0;
      for (const intent of intents) {
        const counts = new Map<string, number>();
        for (const p of prompts) if (p.intent === intent.intent && topicOf(p.id)) counts.set(topicOf(p.id)!, (counts.get(topicOf(p.id)!) ?? 0) + 1);
        const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
        const topic = r.model.topics.find((t) => t.id === top);
        if (topic?.label.split(", ").includes(intent.keyTerm)) ok++;
      }
      labels.push(ok);
    }
    row.push(`${name} ${mean(ari).toFixed(3)} (${Math.min(...ari).toFixed(3)}–${Math.max(...ari).toFixed(3)}) L${mean(labels).toFixed(1)}`);
  }
  console.log(`${v}  ${row.join(" | ")}`);
}
