// Mutation fuzzing over the captured SDK requests (tests/fixtures/tcc): each request, with one
// to three of its values replaced by hostile ones (wrong types, out-of-range numbers and dates,
// huge or broken strings, wide arrays, prototype keys), must get a 2xx or a coded 4xx from the
// real route handlers, never a 5xx. Seeded: a failure names the case, and it is the same every run.
import { describe, it } from "vitest";
import { withInstalledProject } from "../helpers/db";
import { expectHandled, FUZZ_CASES, FUZZ_SEED, rng } from "../helpers/fuzz";
import { fixture, fixtureNames, postJson, type Capture } from "../helpers/routes";

const s = withInstalledProject();

const HOSTILE: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "x".repeat(100_000),
  "9999-99-99",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z",
  "1e400",
  "NaN",
  "-0",
  "123",
  "18446744073709551615",
  "99999999999999999999999",
  "<script>alert(1)</script>",
  "thumbs_up",
  "tcc.agent",
  [],
  {},
  [[[]]],
  JSON.parse('{"__proto__":{"polluted":1}}'),
  Array.from({ length: 5_000 }, (_, i) => i),
  { type: "run" },
  { stringValue: 1 },
  { kvlistValue: { values: "x" } },
];

type Json = unknown;
type Slot = { parent: Record<string, Json> | Json[]; key: string | number };

function slots(v: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(v)) {
    v.forEach((c, i) => {
      out.push({ parent: v, key: i });
      slots(c, out);
    });
  } else if (v && typeof v === "object") {
    for (const [k, c] of Object.entries(v)) {
      out.push({ parent: v as Record<string, Json>, key: k });
      slots(c, out);
    }
  }
  return out;
}

/** The body with 1–3 values replaced, deleted or joined by a hostile key; and what was done. */
function mutate(body: Json, random: () => number): { body: Json; what: string[] } {
  const copy = JSON.parse(JSON.stringify(body)) as Json;
  const what: string[] = [];
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const all = slots(copy);
    if (!all.length) break;
    const s = all[Math.floor(random() * all.length)]!;
    // A copy (a JSON round trip keeps an own "__proto__" key): later mutations must not reach into HOSTILE.
    const value = JSON.parse(JSON.stringify(HOSTILE[Math.floor(random() * HOSTILE.length)])) as Json;
    const r = random();
    const label = typeof value === "string" && value.length > 40 ? `"${value.slice(0, 10)}…"(${value.length})` : JSON.stringify(value)?.slice(0, 60);
    if (r < 0.1 && !Array.isArray(s.parent)) {
      delete (s.parent as Record<string, Json>)[s.key as string];
      what.push(`delete ${s.key}`);
    } else if (r < 0.15 && !Array.isArray(s.parent)) {
      Object.defineProperty(s.parent, "__proto__", { value, enumerable: true, configurable: true, writable: true });
      what.push(`add __proto__=${label}`);
    } else {
      (s.parent as Record<string | number, Json>)[s.key] = value;
      what.push(`${s.key}=${label}`);
    }
  }
  return { body: copy, what };
}

const captures: Capture[] = fixtureNames().flatMap(fixture);

const post = async (pathName: string, body: Json, what: string) =>
  expectHandled(await postJson(pathName, JSON.stringify(body), s.project.ingestKey), `${pathName} ${what}`);

describe("hostile variations of every captured SDK request", { timeout: 240_000 }, () => {
  it.each(captures.map((c, i) => [i, c.path, c] as const))("capture %i (%s): no 5xx", async (i, pathName, capture) => {
    const random = rng(FUZZ_SEED + i);
    for (let k = 0; k < FUZZ_CASES; k++) {
      const { body, what } = mutate(capture.body, random);
      await post(pathName, body, `#${k}: ${what.join("; ")}`);
    }
  });

  it.each([...new Set(captures.map((c) => c.path))])("%s: hostile whole bodies get a coded 4xx or 2xx", async (pathName) => {
    for (const value of HOSTILE) await post(pathName, value, `body=${JSON.stringify(value)?.slice(0, 40)}`);
  });
});
