import { describe, expect, it } from "vitest";
import { AUTH_BODY_LIMIT, bodyLimitFor, bodySizeError, DEFAULT_BODY_LIMIT } from "./body-limits.mjs";

describe("body limits outside ingestion", () => {
  it("gives sign-in a few kB and everything else the server actions' 2 MiB", () => {
    expect(bodyLimitFor("/api/auth/callback/credentials")).toBe(AUTH_BODY_LIMIT);
    expect(bodyLimitFor("/api/auth")).toBe(AUTH_BODY_LIMIT);
    expect(AUTH_BODY_LIMIT).toBeLessThanOrEqual(16 * 1024);
    expect(bodyLimitFor("/settings")).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/api/authx")).toBe(DEFAULT_BODY_LIMIT);
  });

  it("refuses a declared length over the limit with 413 naming the limit", () => {
    const err = bodySizeError({ "content-length": String(AUTH_BODY_LIMIT + 1) }, AUTH_BODY_LIMIT);
    expect(err).toMatchObject({ status: 413, code: "body_too_large" });
    expect(err!.message).toContain("16 KiB");
    expect(bodySizeError({ "content-length": String(AUTH_BODY_LIMIT) }, AUTH_BODY_LIMIT)).toBeNull();
    expect(bodySizeError({ "content-length": "400000000" }, DEFAULT_BODY_LIMIT)!.message).toContain("2 MiB");
  });

  it("refuses a chunked body (no length known up front) and a malformed length; lets bodiless requests by", () => {
    expect(bodySizeError({ "transfer-encoding": "chunked" }, AUTH_BODY_LIMIT)).toMatchObject({ status: 411, code: "length_required" });
    expect(bodySizeError({ "content-length": "12abc" }, AUTH_BODY_LIMIT)).toMatchObject({ status: 400 });
    expect(bodySizeError({}, AUTH_BODY_LIMIT)).toBeNull();
    expect(bodySizeError({ "content-length": "0" }, AUTH_BODY_LIMIT)).toBeNull();
  });
});
