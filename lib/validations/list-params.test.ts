import { describe, expect, it } from "vitest";
import { bool, defineList, FilterError, oneOf, text } from "./list-params";
import { DASHBOARD_PAGE_PARAMS, FEEDBACK_LIST, ORG_LIST, parseDashboardList, RUN_LIST, USER_LIST, WINDOW_ONLY } from "./lists";

const now = new Date("2026-12-03T12:00:00Z");
const q = (s: string) => new URLSearchParams(s);
const runs = (s: string) => RUN_LIST.parse(q(s), { now });
const error = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(FilterError);
    return (err as Error).message;
  }
  throw new Error("expected a FilterError");
};

describe("list parameters", () => {
  it("reads a run list: window, typed filters, metadata, sort and paging", () => {
    const f = runs("range=1d&userId=%20u1%20&status=error&conversational=false&feedback=any&metadata.plan=pro&sort=cost&order=asc&limit=5&cursor=abc");
    expect(f).toMatchObject({ userId: "u1", status: "error", conversational: false, feedback: "any", sort: "cost", order: "asc", limit: 5, cursor: "abc" });
    expect(f.metadata).toEqual([["plan", "pro"]]);
    expect(f.window).toEqual({ from: new Date("2026-12-02T12:00:00Z"), to: now, range: "1d" });
    expect(runs("range=1d")).toMatchObject({ agent: null, userId: null, model: null, sort: "startTime", order: "desc", limit: 20, cursor: null });
  });

  it("treats a blank value as no filter", () => {
    expect(runs("range=1d&userId=&status=&model=%20%20")).toMatchObject({ userId: null, status: null, model: null });
  });

  it("refuses an unknown parameter and names the known ones (a typo never returns everything)", () => {
    const msg = error(() => runs("range=1d&user=u1"));
    expect(msg).toMatch(/Unknown parameter "user" for runs/);
    for (const k of ["range", "userId", "orgId", "sessionId", "status", "feedback", "model", "sort", "limit", "cursor", "metadata.<key>"])
      expect(msg).toContain(k);
    expect(error(() => FEEDBACK_LIST.parse(q("range=1d&sort=cost")))).toMatch(/Unknown parameter "sort" for feedback/);
    expect(error(() => ORG_LIST.parse(q("range=1d&orgId=o1")))).toMatch(/Unknown parameter "orgId" for orgs/);
    expect(error(() => WINDOW_ONLY.parse(q("range=1d&metadata.plan=pro")))).toMatch(/Unknown parameter "metadata.plan"/);
  });

  it("keeps a filter that cleaning empties as an error, never a dropped filter", () => {
    // NUL is not stored anywhere (ingestion cleans it); dropping the filter widened the result to every run.
    expect(error(() => runs("range=1d&userId=%00"))).toMatch(/userId .*cannot match anything/);
    expect(error(() => FEEDBACK_LIST.parse(q("range=1d&orgId=%00%00")))).toMatch(/orgId/);
    // What cleaning leaves of a longer value is still a filter.
    expect(runs("range=1d&userId=u%001").userId).toBe("u1");
    expect(
      RUN_LIST.parse(
        new URLSearchParams([
          ["range", "1d"],
          ["model", "\ud800x"],
        ]),
      ).model,
    ).toBe("\ufffdx");
    expect(error(() => runs("range=1d&metadata.%00=x"))).toMatch(/metadata filter needs a key/);
  });

  it("refuses a parameter given twice instead of silently using one of them", () => {
    expect(error(() => runs("range=1d&userId=a&userId=b"))).toMatch(/"userId" appears more than once/);
    expect(error(() => runs("range=1d&metadata.plan=a&metadata.plan=b"))).toMatch(/more than once/);
  });

  it("says what is wrong with each value", () => {
    expect(error(() => runs("range=1d&status=failed"))).toMatch(/status must be one of success, error \(got "failed"\)/);
    expect(error(() => runs("range=1d&conversational=yes"))).toMatch(/conversational must be true or false/);
    expect(error(() => runs("range=1d&limit=0"))).toMatch(/limit must be an integer from 1 to 100/);
    expect(error(() => runs("range=1d&limit=2.5&sort=name"))).toMatch(/sort must be one of .*limit must be/);
    expect(error(() => runs("range=3d"))).toMatch(/range must be one of/);
    expect(error(() => runs(""))).toMatch(/time window is required/);
    expect(error(() => runs(`range=1d&${Array.from({ length: 11 }, (_, i) => `metadata.k${i}=v`).join("&")}`))).toMatch(/At most 10/);
  });

  it("lets dashboard pages carry their own parameters, which the REST API refuses", () => {
    expect(DASHBOARD_PAGE_PARAMS).toContain("view");
    expect(parseDashboardList(RUN_LIST, q("view=v1&status=error")).status).toBe("error");
    expect(parseDashboardList(USER_LIST, q("")).window.range).toBe("1d");
    expect(error(() => runs("range=1d&view=v1"))).toMatch(/Unknown parameter "view"/);
  });

  it("tells a narrowed list from one that only has a window, sort or page", () => {
    expect(RUN_LIST.narrows(q("range=1d&sort=cost&cursor=x&view=v1"))).toBe(false);
    expect(RUN_LIST.narrows(q("range=1d&userId="))).toBe(false);
    expect(RUN_LIST.narrows(q("range=1d&userId=u1"))).toBe(true);
    expect(RUN_LIST.narrows(q("metadata.plan=pro"))).toBe(true);
    expect(FEEDBACK_LIST.narrows(q("metadata.plan=pro"))).toBe(false);
  });

  it("makes a new filter one entry", () => {
    const list = defineList({ noun: "things", filters: { topic: text, pinned: bool, kind: oneOf(["a", "b"]) }, paging: { defaultLimit: 5, maxLimit: 10 } });
    expect(list.parse(q("range=1h&topic=t1&pinned=true&kind=b"))).toMatchObject({ topic: "t1", pinned: true, kind: "b", limit: 5 });
    expect(list.known).toEqual(["range", "from", "to", "topic", "pinned", "kind", "limit", "cursor"]);
  });
});
