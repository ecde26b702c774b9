import { afterEach, describe, expect, it, vi } from "vitest";
import { bodyBudget, DEFAULT_BODY_BYTES_IN_FLIGHT, DEFAULT_BODY_BYTES_IN_FLIGHT_EMBEDDED, reserveBody } from "./body-budget.mjs";

/** The budget as a fresh process would read it from `env`. */
function freshBudget(env: Record<string, string | undefined>) {
  globalThis.__sightlineBodyBudget = undefined;
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return bodyBudget();
}

afterEach(() => {
  vi.unstubAllEnvs();
  globalThis.__sightlineBodyBudget = undefined;
});

describe("budget of body bytes in flight", () => {
  it("defaults to one large body at a time on the embedded database and two on PostgreSQL", () => {
    expect(freshBudget({ DATABASE_URL: undefined, SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT: undefined }).limit).toBe(DEFAULT_BODY_BYTES_IN_FLIGHT_EMBEDDED);
    expect(freshBudget({ DATABASE_URL: "postgresql://u@h/db", SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT: undefined }).limit).toBe(DEFAULT_BODY_BYTES_IN_FLIGHT);
    expect(DEFAULT_BODY_BYTES_IN_FLIGHT_EMBEDDED).toBeLessThan(DEFAULT_BODY_BYTES_IN_FLIGHT);
  });

  it("takes SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT over either default", () => {
    expect(freshBudget({ DATABASE_URL: undefined, SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT: "2097152" }).limit).toBe(2097152);
  });

  it("counts every byte taken, released or not", () => {
    freshBudget({ SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT: "1048576" });
    const a = reserveBody();
    expect(a.take(600_000)).toBe(true);
    const b = reserveBody();
    expect(b.take(600_000)).toBe(false); // does not fit beside a: not taken
    a.release();
    expect(b.take(600_000)).toBe(true);
    b.release();
    expect(bodyBudget()).toMatchObject({ used: 0, taken: 1_200_000 });
  });
});
