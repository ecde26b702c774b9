// Nothing acknowledged is lost when the server dies: a run answered 200 is there after the
// process is killed outright (no shutdown, no checkpoint) and a new one opens the same embedded
// data directory, recovering from the write-ahead log.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-crash-"));
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const RUN_ID = "9c0d6f3a-5b1e-4c2d-8e7f-a1b2c3d4e5f6";
const start = new Date().toISOString();
const batch = {
  type: "batch",
  items: [
    { type: "run", run_id: RUN_ID, start_time: start, end_time: start, status_code: 0, prompt: { user_prompt: "Still there?" }, response: "Yes." },
    {
      type: "step",
      run_id: RUN_ID,
      step_id: "s1",
      start_time: start,
      end_time: start,
      prompt: "Still there?",
      response: "Yes.",
      status_code: 0,
      model_used: "gpt-4o",
    },
  ],
};

describe("a server killed right after answering", { timeout: 180_000 }, () => {
  it("loses nothing it acknowledged (embedded database)", async () => {
    const first = await startServer({ SIGHTLINE_DATA_DIR: dir });
    servers.push(first);
    const res = await fetch(`${first.url}/v1/custom`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${first.ingestKey}` },
      body: JSON.stringify(batch),
    });
    expect(res.status).toBe(200);
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    const second = await startServer({ SIGHTLINE_DATA_DIR: dir });
    servers.push(second);
    const got = await fetch(`${second.url}/v1/runs/${RUN_ID}`, { headers: { authorization: `Bearer ${second.readKey}` } });
    expect(got.status).toBe(200);
    const run = await got.json();
    expect(run).toMatchObject({ id: RUN_ID, userPrompt: "Still there?", response: "Yes.", stepCount: 1 });
    expect(run.steps.map((s: { id: string }) => s.id)).toEqual(["s1"]);
  });
});
