import { describe, expect, it } from "vitest";
import { ACTIVE_WINDOW_MS, MAX_REST_MS, noteIngestWrite, restAfterBatch, SETTLE_AFTER_WRITES_MS, SETTLE_EVERY_MS, settleDue } from "./pace";

describe("the engine's pace beside ingestion", () => {
  it("rests as long as the batch took while runs are being written", () => {
    expect(restAfterBatch(120, 10_000, 9_500)).toBe(120);
    expect(restAfterBatch(60_000, 10_000, 9_999)).toBe(MAX_REST_MS);
  });

  it("does not rest when nothing was written lately, or ever", () => {
    expect(restAfterBatch(120, 10_000, 10_000 - ACTIVE_WINDOW_MS)).toBe(0);
    expect(restAfterBatch(120, 10_000, undefined)).toBe(0);
  });

  it("reads the last write the store noted", () => {
    noteIngestWrite(50_000);
    expect(restAfterBatch(80, 50_200)).toBe(80);
    expect(restAfterBatch(80, 52_000)).toBe(0);
  });
});

describe("the engine's pauses for memory after a load", () => {
  it("pauses once ingestion has stopped, while the young generation is large, at most every SETTLE_EVERY_MS", () => {
    const now = 100_000;
    expect(settleDue(true, 0, now, now - SETTLE_AFTER_WRITES_MS)).toBe(true);
    expect(settleDue(true, 0, now, undefined)).toBe(true);
    expect(settleDue(false, 0, now, now - SETTLE_AFTER_WRITES_MS)).toBe(false);
    // Runs are still being written: no pause.
    expect(settleDue(true, 0, now, now - SETTLE_AFTER_WRITES_MS + 1)).toBe(false);
    expect(settleDue(true, now - SETTLE_EVERY_MS + 1, now, now - 60_000)).toBe(false);
    expect(settleDue(true, now - SETTLE_EVERY_MS, now, now - 60_000)).toBe(true);
  });
});
