// Optional LLM refinement of the user insights (frustration, confusion): an OpenAI-compatible chat
// model is asked to confirm the local detectors' candidates, and to judge a small sample of the
// other conversational runs. It may add a one-line explanation. Everything works without it.
import { z } from "zod";
import type { PatternHit } from "../analyse";
import type { RunContext } from "../patterns/types";

export const REFINED_KEYS = ["frustration", "confusion"] as const;
type RefinedKey = (typeof REFINED_KEYS)[number];

export interface ChatClient {
  /** Sends the messages, returns the assistant's text (JSON expected). */
  complete(messages: { role: "system" | "user"; content: string }[]): Promise<string>;
}

const verdict = z.object({ present: z.boolean(), explanation: z.string().max(400).optional() });
const replySchema = z.object({ frustration: verdict, confusion: verdict });

const SYSTEM = [
  "You review one user turn of a conversation between a user and an AI agent, with the turns before it.",
  "frustration: the user shows annoyance or dissatisfaction with the agent (not with a third party; a calm bug report is not frustration).",
  "confusion: the user does not understand the agent's previous answer or what to do next, or points out that the agent contradicts itself (a first question about the user's own data is not confusion).",
  'Answer with JSON only: {"frustration": {"present": true|false, "explanation": "one short sentence"}, "confusion": {"present": true|false, "explanation": "one short sentence"}}.',
].join("\n");

const clip = (s: string | null, n: number) => (s ?? "").slice(0, n);

export function refinementPrompt(ctx: RunContext): { role: "system" | "user"; content: string }[] {
  const turns = ctx.previous.map((p) => `User: ${clip(p.userPrompt, 600)}\nAgent: ${clip(p.response, 600)}`).join("\n\n");
  const content = `${turns ? `Earlier turns:\n${turns}\n\n` : ""}The turn to judge:\nUser: ${clip(ctx.run.userPrompt, 1500)}${
    ctx.run.feedback.length
      ? `\nFeedback on the agent's answer: ${ctx.run.feedback.map((f) => `${f.score === -1 ? "thumbs down" : f.score === 1 ? "thumbs up" : ""} ${clip(f.text, 300)}`.trim()).join("; ")}`
      : ""
  }`;
  return [
    { role: "system", content: SYSTEM },
    { role: "user", content },
  ];
}

/** Keeps a run in the sample of unflagged runs sent to the model: stable per run id. */
export function inSample(runId: string, rate: number): boolean {
  let h = 2166136261;
  for (let i = 0; i < runId.length; i++) h = Math.imul(h ^ runId.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32 < rate;
}

export interface Refinement {
  hits: (PatternHit & { explanation?: string })[];
  /** Why the model's answer was not used, if it was not. */
  error: string | null;
}

/**
 * The run's hits after the model's review: a local frustration or confusion candidate the model
 * rejects is dropped, one it confirms gets its explanation, and one it finds in a run the locals
 * missed is added with the user's turn as evidence. Other patterns pass through untouched.
 */
export async function refineHits(client: ChatClient, ctx: RunContext, hits: PatternHit[]): Promise<Refinement> {
  let parsed: z.infer<typeof replySchema>;
  try {
    const text = await client.complete(refinementPrompt(ctx));
    const json = JSON.parse(text.replace(/^```(?:json)?\s*|\s*```$/g, ""));
    const r = replySchema.safeParse(json);
    if (!r.success) return { hits, error: `The model's answer did not have the expected shape: ${r.error.issues[0]?.message ?? ""}` };
    parsed = r.data;
  } catch (err) {
    return { hits, error: `The model could not be used: ${err instanceof Error ? err.message : String(err)}` };
  }
  const out: Refinement["hits"] = hits.filter((h) => !REFINED_KEYS.includes(h.patternId as RefinedKey));
  for (const key of REFINED_KEYS) {
    const v = parsed[key];
    const local = hits.find((h) => h.patternId === key);
    if (!v.present) continue;
    const explanation = v.explanation?.trim().split("\n")[0]?.slice(0, 200) || undefined;
    const prompt = ctx.run.userPrompt ?? "";
    out.push({
      patternId: key,
      evidence: local?.evidence ?? [{ source: "turn", ref: ctx.run.id, text: prompt.slice(0, 240), highlight: null }],
      ...(explanation ? { explanation } : {}),
    });
  }
  return { hits: out, error: null };
}
