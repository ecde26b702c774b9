// Topic quality on the labelled intent corpora: the online shop's 10 intents × 30 hand-written
// paraphrases (the parameters were chosen on it), the IT help desk's 10 × 25 and the coding
// assistant's 10 × 20 (both held out: written before any clustering ran on them, never tuned on).
// The figures are reported in docs/topics.md; this test fails when they drop.
//
// The community search visits prompts in the order of their ids' hashes, and the order moves the
// index by a few hundredths; so the index tested is the mean over the corpus's own ids and nine
// renamings of them (the same prompts in ten orders), and the labels are those of the corpus's ids.
import { describe, expect, it } from "vitest";
import { loadDevtoolsCorpus, loadHeldOutCorpus, loadIntentCorpus } from "@/tests/fixtures/topics/load";
import { discoverTopics } from "./discover";
import { adjustedRandIndex } from "./evaluation";
import { lemmas } from "./text";

const ORDERS = 10;

/** Mean adjusted Rand index (each unassigned prompt a cluster of its own) over the corpus's ids and their renamings. */
function meanIndex({ prompts }: ReturnType<typeof loadIntentCorpus>) {
  const words = new Map(prompts.map((p) => [p.id, lemmas(p.text)]));
  const each: number[] = [];
  for (let order = 0; order < ORDERS; order++) {
    const docs = prompts.map((p) => ({ id: order === 0 ? p.id : `${p.id}~${order}`, text: p.text, lemmas: words.get(p.id) }));
    let next = 0;
    const { assignments } = discoverTopics({ docs, newId: () => `topic-${next++}` });
    each.push(
      adjustedRandIndex(
        prompts.map((p) => p.intent),
        docs.map((d) => assignments.get(d.id)?.topicId ?? `unassigned:${d.id}`),
      ),
    );
  }
  const mean = each.reduce((a, b) => a + b, 0) / each.length;
  console.log(`ARI over ${ORDERS} orders: mean ${mean.toFixed(3)}, ${Math.min(...each).toFixed(3)}–${Math.max(...each).toFixed(3)}`);
  return mean;
}

function measure(corpus: ReturnType<typeof loadIntentCorpus>) {
  const { intents, prompts } = corpus;
  let next = 0;
  const { model, assignments } = discoverTopics({ docs: prompts, newId: () => `topic-${next++}` });
  const topicOf = (id: string) => assignments.get(id)?.topicId ?? null;
  const ari = adjustedRandIndex(
    prompts.map((p) => p.intent),
    prompts.map((p) => topicOf(p.id) ?? `unassigned:${p.id}`),
  );
  // Each intent's topic is the one most of its prompts got.
  const majority = intents.map((intent) => {
    const counts = new Map<string, number>();
    for (const p of prompts) if (p.intent === intent.intent && topicOf(p.id)) counts.set(topicOf(p.id)!, (counts.get(topicOf(p.id)!) ?? 0) + 1);
    const [topicId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    return { intent, topic: model.topics.find((t) => t.id === topicId) ?? null };
  });
  const labelled = majority.filter(({ intent, topic }) => topic?.label.split(", ").includes(intent.keyTerm));
  const assigned = prompts.filter((p) => topicOf(p.id)).length;
  console.log(
    `topics: ${model.topics.length}, ARI ${ari.toFixed(3)}, assigned ${assigned}/${prompts.length}, labels with key term ${labelled.length}/${intents.length}`,
  );
  return { ari: meanIndex(corpus), majority, labelled };
}

describe("topics on the intent corpus (the parameters were chosen on it)", () => {
  const { ari, majority } = measure(loadIntentCorpus());

  it("agrees with the intents (adjusted Rand index, each unassigned prompt a cluster of its own)", () => {
    // Measured: mean 0.678 over the ten orders, 0.652–0.713 (0.713 with the corpus's own ids);
    // 0.666 with the average-linkage tree the communities replaced (docs/topics.md). The
    // issue's target of 0.7 is reached in some orders only.
    expect(ari).toBeGreaterThanOrEqual(0.67);
  });

  it("labels each intent's topic with the intent's key term", () => {
    for (const { intent, topic } of majority) expect(topic?.label.split(", "), `${intent.intent} → ${topic?.label ?? "no topic"}`).toContain(intent.keyTerm);
  });

  it("gives each intent a topic of its own", () => {
    expect(new Set(majority.map((m) => m.topic?.id)).size).toBe(majority.length);
  });
});

describe("topics on the held-out help-desk corpus (never tuned on)", () => {
  const { ari, labelled } = measure(loadHeldOutCorpus());

  it("agrees with the intents as far as measured", () => {
    // Measured: mean 0.316, 0.306–0.327 (docs/topics.md; 0.282 with the tree): far below the
    // corpus the parameters were chosen on.
    expect(ari).toBeGreaterThanOrEqual(0.3);
  });

  it("labels most intents' topics with their key term", () => {
    // Measured 6 of 10 (8 with the tree): slow_computer's topic is labelled "work, laptop,
    // office", software_install's "fail, error, login", mail_sync's "code, outlook, application"
    // and phishing's "email, get, fake" (docs/topics.md).
    expect(labelled.length).toBeGreaterThanOrEqual(6);
  });
});

describe("topics on the held-out coding-assistant corpus (never tuned on)", () => {
  const { ari, labelled } = measure(loadDevtoolsCorpus());

  it("agrees with the intents as far as measured", () => {
    // Measured: mean 0.503, 0.476–0.532 (docs/topics.md; 0.437 with the tree).
    expect(ari).toBeGreaterThanOrEqual(0.49);
  });

  it("labels most intents' topics with their key term", () => {
    // Measured 10 of 10 (8 with the tree).
    expect(labelled.length).toBeGreaterThanOrEqual(9);
  });
});
