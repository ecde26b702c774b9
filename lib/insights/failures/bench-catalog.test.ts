import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { checkCatalog, RUN_ERRORS, TOOLS } from "@/bench/workload/failures.mjs";
import { failureSignature } from "./signature";

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

// The bench database's errors must group as the issue describes (~50 signatures for failed runs,
// many variants each, ~30 tools): checkCatalog throws when variants split or errors merge.
describe("bench failure catalog", () => {
  it("groups every template's variants under one signature, and no two templates together", () => {
    const sigs = checkCatalog(failureSignature, md5, 12);
    expect(sigs.runs.length + sigs.steps.length).toBe(2 * RUN_ERRORS.length);
    expect(2 * RUN_ERRORS.length).toBeGreaterThanOrEqual(48);
    expect(TOOLS.length).toBeGreaterThanOrEqual(30);
    expect(sigs.tools.flat().length).toBeGreaterThanOrEqual(TOOLS.length);
  });
});
