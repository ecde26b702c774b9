// Metadata and model filters (GIN-indexed containment) in the run list: the list first reads the
// newest runs in sort order, up to a budget, and only when they hold less than a page collects
// every match through the index (lib/server/data/runs.ts listRuns). Both paths, and the switch
// between them, must give exactly the answer of a plain filter-and-sort.
import { describe, expect, it } from "vitest";
import { listRuns } from "@/lib/server/data/runs";
import { RUN_LIST } from "@/lib/validations/lists";
import { withTestProject } from "../helpers/db";

const N = 2_600; // more than the list's scan budget (2,000)

// Run i starts i minutes ago; "rare" runs are old ones, beyond the newest 2,000.
const tier = (i: number) => (i === 2_100 || i === 2_300 || i === 2_555 ? "rare" : i % 3 === 0 ? "gold" : "common");
const model = (i: number) => (i === 2_200 ? "rare-model" : "gpt-4o");
const cost = (i: number) => (i * 7919) % 1000;

const s = withTestProject(async () => {
  await s.db.sql.query(
    `INSERT INTO runs (project_id, id, source, start_time, end_time, duration_ms, status, models, metadata, cost_usd)
     SELECT $1, 'c-' || lpad(g::text, 4, '0'), 'custom', now() - g * interval '1 minute', now() - g * interval '1 minute', g, 1,
            ARRAY[m.model], jsonb_build_object('tier', m.tier), m.cost
     FROM generate_series(0, $2 - 1) g
     JOIN jsonb_to_recordset($3::jsonb) AS m(i int, tier text, model text, cost float8) ON m.i = g`,
    [s.project.projectId, N, JSON.stringify(Array.from({ length: N }, (_, i) => ({ i, tier: tier(i), model: model(i), cost: cost(i) })))],
  );
  await s.db.sql.exec("ANALYZE runs");
});

const id = (i: number) => `c-${String(i).padStart(4, "0")}`;

async function walk(query: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const params = new URLSearchParams(`range=2w&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const page = await listRuns(s.db.sql, s.project.projectId, RUN_LIST.parse(params));
    out.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

const all = Array.from({ length: N }, (_, i) => i);

describe("run list with containment filters", () => {
  it("finds rare metadata values beyond the scan budget, newest first", async () => {
    expect(await walk("limit=50&metadata.tier=rare")).toEqual([2_100, 2_300, 2_555].map(id));
  });

  it("finds a rare model beyond the scan budget", async () => {
    expect(await walk("limit=50&model=rare-model")).toEqual([id(2_200)]);
  });

  it("pages through a common value across the budget with cursors", async () => {
    expect(await walk("limit=100&metadata.tier=gold")).toEqual(all.filter((i) => tier(i) === "gold").map(id));
  });

  it("sorts by cost with a rare value and with a common one", async () => {
    const byCost = (xs: number[]) => [...xs].sort((a, b) => cost(b) - cost(a) || (id(b) > id(a) ? 1 : -1)).map(id);
    expect(await walk("limit=2&sort=cost&metadata.tier=rare")).toEqual(byCost(all.filter((i) => tier(i) === "rare")));
    expect(await walk("limit=100&sort=cost&metadata.tier=common")).toEqual(byCost(all.filter((i) => tier(i) === "common")));
  });

  it("returns nothing for a value no run has", async () => {
    expect(await walk("limit=50&metadata.tier=none")).toEqual([]);
  });
});
