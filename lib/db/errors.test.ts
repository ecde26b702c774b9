import { describe, expect, it } from "vitest";
import { classifyDbError } from "./errors";

describe("database errors as answers", () => {
  it("makes resource exhaustion and lost connections a 503 to retry, never a 500", () => {
    // "out of shared memory" (lock table full) is 53200.
    expect(classifyDbError("53200")).toMatchObject({ status: 503, code: "unavailable", retryAfterS: 5 });
    for (const code of ["53300", "08006", "57P01", "40P01", "40001", "55P03", "XX000", "ECONNRESET"]) {
      expect(classifyDbError(code), code).toMatchObject({ status: 503 });
    }
  });

  it("makes a value beyond the database's limits a 413 and an unstorable value a 400", () => {
    expect(classifyDbError("54000", "total size of jsonb array elements exceeds the maximum")).toMatchObject({ status: 413, code: "too_large_to_store" });
    expect(classifyDbError("22003", "integer out of range")!.message).toContain("integer out of range");
  });

  it("leaves programming errors (bad SQL) to be reported as such", () => {
    expect(classifyDbError("42P01")).toBeNull();
    expect(classifyDbError(undefined)).toBeNull();
  });
});
