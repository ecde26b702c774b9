// The feedback list: every entry newest first with its run's agent/user/org, filters by score,
// user, org and agent, keyset pages, feedback that arrived before its run, and project isolation.
import { describe, expect, it } from "vitest";
import { feedbackSummary, listFeedback } from "@/lib/server/data/feedback";
import { resolveScope, type Scope } from "@/lib/server/data/stats";
import { FilterError } from "@/lib/validations/list-params";
import { FEEDBACK_LIST } from "@/lib/validations/lists";
import { createProject, type TestProject, withInstalledProject } from "../helpers/db";
import { before, sendFeedback, sendRuns } from "./analytics-data";

let b: TestProject;
const now = new Date();

const s = withInstalledProject(async () => {
  b = await createProject(s.db, "B");
  const people = { userId: "u1", userName: "Ann", orgId: "o1", orgName: "Acme" };
  await sendRuns(s.project.ingestKey, [
    { id: "r1", start: before(now, 1), agent: "support", ...people, prompt: "How do I reset my password?" },
    { id: "r2", start: before(now, 2), agent: "billing", userId: "u2", orgId: "o2", prompt: "Refund please" },
  ]);
  // Sent one by one: created_at orders the list.
  await sendFeedback(s.project.ingestKey, "r1", "thumbs_up");
  await sendFeedback(s.project.ingestKey, "r2", "thumbs_down", "Did not refund <b>anything</b>");
  await sendFeedback(s.project.ingestKey, "r1", null, "Only a comment");
  await sendFeedback(s.project.ingestKey, "later-run", "thumbs_down", "Feedback before its run");
  await sendRuns(b.ingestKey, [{ id: "r1", start: before(now, 1), agent: "support", ...people }]);
  await sendFeedback(b.ingestKey, "r1", "thumbs_down", "project B only");
});

const sql = () => s.db.sql;
const filters = (qs: string) => FEEDBACK_LIST.parse(new URLSearchParams(qs), { defaultRange: "1d" });
const scopeOf = async (p: TestProject, agent: string | null = null) => (await resolveScope(sql(), p.projectId, agent)) as Scope;

describe("feedback list", () => {
  it("lists every entry newest first with its run, text kept as sent", async () => {
    const page = await listFeedback(sql(), await scopeOf(s.project), filters("range=1h"));
    expect(page.data.map((f) => [f.run.id, f.score, f.text])).toEqual([
      ["later-run", "thumbs_down", "Feedback before its run"],
      ["r1", null, "Only a comment"],
      ["r2", "thumbs_down", "Did not refund <b>anything</b>"],
      ["r1", "thumbs_up", null],
    ]);
    expect(page.data[0]!.run).toMatchObject({ exists: false, agent: null, user: null, status: null });
    expect(page.data[3]!.run).toMatchObject({
      exists: true,
      agent: { name: "support", slug: "support" },
      user: { id: "u1", name: "Ann" },
      org: { id: "o1", name: "Acme" },
      status: "success",
      userPrompt: "How do I reset my password?",
    });
    expect(page.data[3]!.source).toBe("api");
    expect(page.nextCursor).toBeNull();
  });

  it("filters by score, text-only, user, org and agent", async () => {
    const scope = await scopeOf(s.project);
    const ids = async (qs: string, s = scope) => (await listFeedback(sql(), s, filters(qs))).data.map((f) => f.text ?? f.score);
    expect(await ids("feedback=thumbs_down")).toEqual(["Feedback before its run", "Did not refund <b>anything</b>"]);
    expect(await ids("feedback=thumbs_up")).toEqual(["thumbs_up"]);
    expect(await ids("feedback=none")).toEqual(["Only a comment"]);
    expect(await ids("userId=u1")).toEqual(["Only a comment", "thumbs_up"]);
    expect(await ids("orgId=o2")).toEqual(["Did not refund <b>anything</b>"]);
    expect(await ids("", await scopeOf(s.project, "billing"))).toEqual(["Did not refund <b>anything</b>"]);
    expect(await feedbackSummary(sql(), scope, filters("feedback=thumbs_up"))).toEqual({ total: 4, thumbsUp: 1, thumbsDown: 2, withText: 3 });
  });

  it("pages with a cursor and rejects a foreign one", async () => {
    const scope = await scopeOf(s.project);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listFeedback>> = await listFeedback(sql(), scope, filters(`limit=3${cursor ? `&cursor=${cursor}` : ""}`));
      seen.push(...page.data.map((f) => f.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    await expect(listFeedback(sql(), scope, filters(`cursor=${Buffer.from(JSON.stringify(["12", "x"])).toString("base64url")}`))).rejects.toBeInstanceOf(
      FilterError,
    );
    expect(() => filters("feedback=meh")).toThrow(FilterError);
  });

  it("never shows another project's feedback", async () => {
    const pageB = await listFeedback(sql(), await scopeOf(b), filters(""));
    expect(pageB.data.map((f) => f.text)).toEqual(["project B only"]);
    const pageA = await listFeedback(sql(), await scopeOf(s.project), filters(""));
    expect(pageA.data.map((f) => f.text)).not.toContain("project B only");
  });
});
