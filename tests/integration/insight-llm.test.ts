// The optional LLM refinement against a fake OpenAI-compatible server started here: in the idle
// pass the model confirms (with an explanation) or rejects the local candidates and judges a
// sample of the other runs; a bad answer keeps the local judgement and records an error.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it } from "vitest";
import { processBatch, sessionPass } from "@/lib/server/insights/engine";
import type { RefineConfig } from "@/lib/server/insights/engine";
import { getInsightStatus } from "@/lib/server/insights/status";
import { withInstalledProject } from "../helpers/db";
import { sendRuns } from "./analytics-data";

let server: http.Server;
let llm: RefineConfig;
const requests: { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
const sql = () => s.db.sql;

/** The fake model: its verdict depends on the turn it is asked to judge. */
function verdict(turn: string): string {
  const no = { present: false };
  if (turn.includes("third time"))
    return JSON.stringify({ frustration: { present: true, explanation: "The user repeats the request a third time." }, confusion: no });
  if (turn.includes("Pro seat")) return JSON.stringify({ frustration: no, confusion: no });
  if (turn.includes("even bother")) return JSON.stringify({ frustration: { present: true, explanation: "The user is fed up with waiting." }, confusion: no });
  return "this is not JSON";
}

const s = withInstalledProject(async () => {
  server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      const body = JSON.parse(data);
      requests.push({ auth: req.headers.authorization, body });
      const user = body.messages.find((m: { role: string }) => m.role === "user")?.content ?? "";
      const turn = user.slice(user.indexOf("The turn to judge:"));
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          id: "x",
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: verdict(turn) }, finish_reason: "stop" }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  llm = {
    llm: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: "sk-test", model: "judge-1", embeddingModel: null },
    sampleRate: 1,
  };
});
afterAll(async () => {
  server.close();
});

const drain = async () => {
  while ((await processBatch(sql(), { idleSeconds: 0, llm })).analysed > 0);
};
const patterns = async () =>
  sql().query<{ run_id: string; pattern_id: string; explanation: string | null }>(
    `SELECT run_id, pattern_id, explanation FROM run_patterns WHERE project_id = $1 ORDER BY run_id, pattern_id`,
    [s.project.projectId],
  );

it("confirms, rejects and adds user insights in the idle pass, and keeps the local judgement on a bad answer", async () => {
  const t0 = Date.now() - 60_000;
  const at = (s: number) => new Date(t0 + s * 1000);
  await sendRuns(s.project.ingestKey, [
    { id: "a1", start: at(0), sessionId: "s1", prompt: "Cancel my plan", response: "Would you like to pause it?" },
    { id: "a2", start: at(1), sessionId: "s1", prompt: "For the third time: cancel it.", response: "Done." },
    { id: "b1", start: at(2), sessionId: "s2", prompt: "How do I add a field?", response: "Calculated fields need a Pro seat." },
    { id: "b2", start: at(3), sessionId: "s2", prompt: "What do you mean by a Pro seat?", response: "A per-user add-on." },
    { id: "c1", start: at(4), sessionId: "s3", prompt: "Where is my parcel?", response: "It ships tomorrow." },
    { id: "c2", start: at(5), sessionId: "s3", prompt: "Nine days and still nothing. Why do I even bother", response: "Sorry about the delay." },
  ]);
  await drain();
  // On arrival the local detectors alone judge; the model is not asked yet.
  expect(requests).toHaveLength(0);
  expect((await patterns()).map((p) => `${p.run_id}:${p.pattern_id}`)).toEqual(["a2:frustration", "b2:confusion"]);

  expect(await sessionPass(sql())).toBe(6);
  await drain();
  expect(requests).toHaveLength(6); // every run: flagged ones, and the sample (rate 1 here) of the rest
  expect(requests[0]).toMatchObject({ auth: "Bearer sk-test", body: { model: "judge-1" } });
  expect(requests.find((r) => r.body.messages[1]!.content.includes("For the third time"))!.body.messages[1]!.content).toContain(
    "Earlier turns:\nUser: Cancel my plan",
  );

  expect(await patterns()).toEqual([
    // confirmed, with the model's explanation
    { run_id: "a2", pattern_id: "frustration", explanation: "The user repeats the request a third time." },
    // b2's confusion was rejected by the model and is gone; c2's frustration was found by it
    { run_id: "c2", pattern_id: "frustration", explanation: "The user is fed up with waiting." },
  ]);
  // a1, b1 and c1 got an answer that is not JSON: their (empty) local judgement stands, and it is reported.
  const { errors } = await getInsightStatus(sql(), s.project.projectId);
  expect(errors[0]?.message).toMatch(/The model could not be used/);
});
