import { describe, expect, it } from "vitest";
import { ACTIVE_WINDOW_MS, MAX_REST_MS, noteIngestWrite, restAfterBatch } from "./pace";

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
