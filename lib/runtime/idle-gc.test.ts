import { describe, expect, it } from "vitest";
import { callBytes, idleCollector } from "./idle-gc.mjs";

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
