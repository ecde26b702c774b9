// Addresses and filters a careless client sends, through the built server (Next.js's routing
// decodes paths before any route runs, so in-process route calls cannot show these): a path
// with percent-escapes that do not decode to UTF-8 is an id that matches nothing (a JSON 404 from
// the API, the 404 page on the dashboard), never a plain-text 500; a filter that cannot match and
// a parameter a list does not know are 400s, never a wider list.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/server";
import { server, signIn } from "./support";

const BAD_ESCAPES = ["%FF", "%ED%A0%80", "%E2%9C", "a%", "%zz"];

let session = "";
beforeAll(async () => {
  session = (await signIn()).cookie;
  expect(session).toMatch(/session-token=/);
});

const get = (p: string, headers: Record<string, string>) => fetch(`${server().url}${p}`, { headers, redirect: "manual" });
const withKey = (p: string) => get(p, { authorization: `Bearer ${server().readKey}` });
const signedIn = (p: string) => get(p, { cookie: session });

/** The REST list routes: app/v1/<name>/route.ts served by readRoute. */
const REST_LISTS = fs
  .readdirSync(path.join(ROOT, "app/v1"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith("["))
  .filter((d) => {
    const file = path.join(ROOT, "app/v1", d.name, "route.ts");
    return fs.existsSync(file) && /readRoute/.test(fs.readFileSync(file, "utf8"));
  })
  .map((d) => `/v1/${d.name}`);

async function expectApiError(res: Response, status: number, code?: string): Promise<{ code: string; message: string }> {
  const text = await res.text();
  expect(res.status, text.slice(0, 200)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const err = (JSON.parse(text) as { error: { code: string; message: string } }).error;
  if (code) expect(err.code).toBe(code);
  expect(err.message.length).toBeGreaterThan(10);
  return err;
}

describe("paths whose percent-escapes do not decode", () => {
  it.each(BAD_ESCAPES)("REST /v1/runs/%s and /v1/sessions/%s: a JSON 404", async (id) => {
    await expectApiError(await withKey(`/v1/runs/${id}`), 404, "not_found");
    await expectApiError(await withKey(`/v1/sessions/${id}?range=1d`), 404, "not_found");
  });

  it.each(BAD_ESCAPES)("app/api/ui/runs/%s/…: the API's error shape, not a 500", async (id) => {
    for (const p of [`/api/ui/runs/${id}/text?field=response`, `/api/ui/runs/${id}/node?node=x`]) {
      const res = await signedIn(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.status, p).toBeLessThan(500);
      expect(((await res.json()) as { error: { code: string } }).error.code, p).toMatch(/^[a-z_]+$/);
    }
  });

  it.each(BAD_ESCAPES)("signed-in pages with %s as an id or an agent: the 404 page", async (id) => {
    for (const p of [`/runs/${id}`, `/sessions/${id}`, `/users/${id}`, `/orgs/${id}`, `/${id}/runs`]) {
      const res = await signedIn(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-type"), p).toMatch(/text\/html/);
      expect(await res.text(), p).toContain("Not found");
    }
  });

  it("an unknown /api address answers a JSON 404", async () => {
    await expectApiError(await signedIn("/api/ui/nothing-here"), 404, "not_found");
  });
});

describe("list parameters that cannot be used", () => {
  it("finds the REST list routes", () => {
    expect(REST_LISTS).toEqual(expect.arrayContaining(["/v1/runs", "/v1/sessions"]));
  });

  it("a NUL in a REST filter is a 400, not the unfiltered list", async () => {
    for (const base of ["/v1/runs", "/v1/sessions"]) {
      const err = await expectApiError(await withKey(`${base}?range=1d&userId=%00`), 400, "invalid_query");
      expect(err.message).toMatch(/userId .*cannot match anything/);
    }
  });

  it("every REST list and app/api/ui/runs: an unknown parameter is a 400 that names the known ones", async () => {
    for (const base of REST_LISTS) {
      const err = await expectApiError(await withKey(`${base}?range=1d&user=x`), 400, "invalid_query");
      expect(err.message, base).toMatch(/Unknown parameter "user".*Known parameters: .*range/);
    }
    const err = await expectApiError(await signedIn("/api/ui/runs?range=1d&user=x"), 400, "invalid_query");
    expect(err.message).toMatch(/Unknown parameter "user".*Known parameters: .*range/);
  });
});
