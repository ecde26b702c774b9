import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { callBytes, holdYoungGeneration, idleCollector, oldGenerationBound, shrinkYoungGeneration, YOUNG_SHRINK_QUIET_MS } from "./idle-gc.mjs";

function setup(threshold = 100, quietMs = 5000) {
  let t = 0;
  let collections = 0;
  let settled = false;
  let quiet = true;
  const c = idleCollector({
    threshold,
    quietMs,
    gc: () => collections++,
    now: () => t,
    settled: () => settled,
    quiet: () => quiet,
    retries: 3,
    giveUpMs: 600_000,
  });
  return {
    c,
    advance: (ms: number) => (t += ms),
    collections: () => collections,
    settle: () => (settled = true),
    busyThread: (b: boolean) => (quiet = !b),
  };
}

describe("idle collector", () => {
  it("collects after enough work and a quiet spell, then again a quiet period later while memory is not back", () => {
    const { c, advance, collections, settle } = setup();
    c.note(60);
    c.note(60);
    expect(c.tick()).toBe(false); // still within the quiet period
    advance(4999);
    expect(c.tick()).toBe(false);
    advance(1);
    expect(c.tick()).toBe(true);
    expect(collections()).toBe(1);
    advance(4999);
    expect(c.tick()).toBe(false); // the next waits a quiet period after the first
    advance(1);
    expect(c.tick()).toBe(true);
    expect(collections()).toBe(2);
    settle();
    advance(5000);
    expect(c.tick()).toBe(false); // back: no more
    advance(60_000);
    expect(c.tick()).toBe(false);
    expect(collections()).toBe(2);
  });

  it("waits for the thread to be idle before collecting again, and gives up after `retries` more", () => {
    const { c, advance, collections, busyThread } = setup();
    c.note(200);
    advance(5000);
    expect(c.tick()).toBe(true);
    busyThread(true); // the insight engine working through what was just written
    for (let i = 0; i < 20; i++) {
      advance(5000);
      expect(c.tick()).toBe(false);
    }
    busyThread(false);
    for (let i = 0; i < 10; i++) {
      advance(5000);
      c.tick();
    }
    expect(collections()).toBe(4);
  });

  it("gives up once `giveUpMs` have passed since the work", () => {
    const { c, advance, collections, busyThread } = setup();
    c.note(200);
    advance(5000);
    c.tick();
    busyThread(true);
    advance(600_000);
    c.tick();
    busyThread(false);
    advance(5000);
    expect(c.tick()).toBe(false);
    expect(collections()).toBe(1);
  });

  it("runs the first collection of a spell even when memory looks back, and puts later ones off while small work goes on", () => {
    const { c, advance, collections, settle } = setup();
    settle();
    c.note(200);
    advance(5000);
    expect(c.tick()).toBe(true);
    advance(5000);
    expect(c.tick()).toBe(false);
    expect(collections()).toBe(1);

    const t = setup();
    t.c.note(200);
    t.advance(5000);
    expect(t.c.tick()).toBe(true);
    t.advance(4000);
    t.c.note(10); // a page view: not a new spell, but not quiet either
    t.advance(3000);
    expect(t.c.tick()).toBe(false);
    t.advance(2000);
    expect(t.c.tick(true)).toBe(false);
    expect(t.c.tick()).toBe(true);
    expect(t.collections()).toBe(2);
  });

  it("does not collect after little work (page views), however long the quiet", () => {
    const { c, advance, collections } = setup();
    c.note(99);
    c.note(0);
    c.note(-5);
    advance(60_000);
    expect(c.tick()).toBe(false);
    expect(collections()).toBe(0);
  });

  it("waits while work is in flight and restarts the quiet period on new work", () => {
    const { c, advance, collections } = setup();
    c.note(500);
    advance(10_000);
    expect(c.tick(true)).toBe(false);
    c.note(1);
    advance(3000);
    expect(c.tick()).toBe(false);
    advance(2000);
    expect(c.tick()).toBe(true);
    expect(collections()).toBe(1);
  });

  it("does nothing without a gc function (node run without --expose-gc)", () => {
    const c = idleCollector({ threshold: 1, quietMs: 0, gc: undefined, now: () => 0 });
    c.note(10);
    expect(c.tick()).toBe(false);
  });
});

describe("size of a database call", () => {
  it("counts the SQL and string parameters, arrays of strings included", () => {
    expect(callBytes({ sql: "SELECT $1", params: ["abc", ["de", "f"], 5] })).toBe(9 + 3 + 3 + 8);
    expect(callBytes({ op: "commit" } as { sql?: unknown })).toBe(0);
  });
});

describe("giving the young generation back while work goes on", () => {
  it("collects, waits the quiet period, then collects again; nothing without a gc function", async () => {
    const calls: string[] = [];
    const done = await shrinkYoungGeneration({ gc: () => calls.push("gc"), wait: async (ms) => void calls.push(`wait ${ms}`) });
    expect(done).toBe(true);
    expect(calls).toEqual(["gc", `wait ${YOUNG_SHRINK_QUIET_MS}`, "gc"]);
    expect(await shrinkYoungGeneration({ gc: undefined })).toBe(false);
  });

  it("holds the young generation's growth by V8's flag, and releases it, once each", () => {
    const flags: string[] = [];
    const set = (f: string) => void flags.push(f);
    expect(holdYoungGeneration(true, set)).toBe(true);
    expect(holdYoungGeneration(true, set)).toBe(false);
    expect(holdYoungGeneration(false, set)).toBe(true);
    expect(holdYoungGeneration(false, set)).toBe(false);
    expect(flags).toEqual(["--semi-space-growth-factor=1", "--semi-space-growth-factor=2"]);
  });

  it(
    "brings V8's young generation back from its maximum after a load, where a collection alone keeps it, and keeps it small while held",
    { timeout: 90_000 },
    () => {
      // In a process of its own, with the server's flags: a load grows the young generation to
      // 2 × 64 MB; a collection right after it keeps that size, the pause gives it back.
      const url = new URL("./idle-gc.mjs", import.meta.url).href;
      const script = `
      import v8 from "node:v8";
      import { holdYoungGeneration, shrinkYoungGeneration } from ${JSON.stringify(url)};
      const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size >> 20;
      let live = [];
      for (let i = 0; i < 60; i++) {
        live.push(Array.from({ length: 20000 }, (_, j) => ({ j, s: "x".repeat(40) + j })));
        if (live.length > 30) live.shift();
      }
      live = [];
      const loaded = young();
      gc();
      const afterGc = young();
      await shrinkYoungGeneration();
      const after = young();
      // Work whose data survives a few collections (an insight batch): the space grows again,
      // unless held.
      const work = () => {
        const keep = [];
        for (let i = 0; i < 1000; i++) {
          keep.push(Array.from({ length: 50 }, (_, j) => ({ p: "lorem ".repeat(200) + i + j, s: Array.from({ length: 50 }, (_, k) => ({ k })) })));
          if (keep.length > 20) keep.shift();
        }
      };
      work();
      const regrown = young();
      await shrinkYoungGeneration();
      holdYoungGeneration(true);
      work();
      console.log(JSON.stringify({ loaded, afterGc, after, regrown, held: young() }));
    `;
      const out = execFileSync(process.execPath, ["--expose-gc", "--max-semi-space-size=64", "--input-type=module", "-e", script], {
        cwd: fileURLToPath(new URL(".", import.meta.url)),
        encoding: "utf8",
      });
      const r = JSON.parse(out.trim().split("\n").pop()!) as { loaded: number; afterGc: number; after: number; regrown: number; held: number };
      expect(r.loaded).toBeGreaterThanOrEqual(64);
      expect(r.afterGc).toBe(r.loaded);
      expect(r.after).toBeLessThanOrEqual(8);
      expect(r.regrown).toBeGreaterThan(8);
      expect(r.held).toBeLessThanOrEqual(8);
    },
  );
});

describe("old generation bound", () => {
  const MB = 1024 * 1024;
  function setup() {
    let heap = 50 * MB;
    let live = 50 * MB;
    const collections: number[] = [];
    const bound = oldGenerationBound({ maxGrowth: 8 * MB, idleGrowth: 1 * MB, gc: () => (collections.push(heap), (heap = live)), used: () => heap });
    return { bound, collections, grow: (mb: number) => (heap += mb * MB), setLive: (mb: number) => (live = mb * MB) };
  }

  it("collects once the heap grew by more than maxGrowth over the least seen, and measures again from what the collection left", () => {
    const { bound, collections, grow } = setup();
    expect(bound.check()).toBe(false); // floor 50 MB
    grow(5);
    expect(bound.check()).toBe(false);
    grow(3);
    expect(bound.check()).toBe(false); // 8 MB over: not more
    grow(1);
    expect(bound.check()).toBe(true);
    expect(collections).toEqual([59 * MB]);
    grow(8);
    expect(bound.check()).toBe(false); // 8 over the 50 MB left
    grow(1);
    expect(bound.check()).toBe(true);
    expect(collections).toHaveLength(2);
  });

  it("follows V8's own collections down, and a live size that grows does not make it collect again and again", () => {
    const { bound, collections, grow, setLive } = setup();
    grow(6);
    bound.check(); // floor 50, heap 56
    grow(-10); // V8 collected: 46
    expect(bound.check()).toBe(false);
    grow(9); // 55: 9 over the new floor
    expect(bound.check()).toBe(true);
    setLive(70); // data that stays (a cache filled)
    grow(30);
    expect(bound.check()).toBe(true); // 76 MB over the floor of 46: collects, 70 MB live left
    grow(4);
    expect(bound.check()).toBe(false); // measured from 70
    expect(collections).toHaveLength(2);
  });

  it("collects once when the work ends, only after checked work that left more than idleGrowth; reset forgets both", () => {
    const { bound, collections, grow } = setup();
    expect(bound.idle()).toBe(false); // no work
    bound.check();
    grow(3);
    bound.check();
    expect(bound.idle()).toBe(true);
    expect(bound.idle()).toBe(false); // once
    bound.check();
    grow(0.5);
    bound.check();
    expect(bound.idle()).toBe(false); // under idleGrowth
    grow(3);
    bound.check();
    bound.reset(); // runs written again: the heap holds their bodies
    expect(bound.idle()).toBe(false);
    grow(20);
    expect(bound.check()).toBe(false); // a new floor
    expect(collections).toHaveLength(1);
  });

  it("does nothing without a gc function", () => {
    const bound = oldGenerationBound({ gc: undefined, used: () => 1e12 });
    expect(bound.check()).toBe(false);
    expect(bound.idle()).toBe(false);
  });
});
