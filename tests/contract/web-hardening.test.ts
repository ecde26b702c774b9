// What an attacker or a careless client reaches first on the web side: the sign-in redirect, the
// response headers of every page, and the size of the bodies the server agrees to read.
import { beforeAll, describe, expect, it } from "vitest";
import { server, signIn } from "./support";

let session = "";
beforeAll(async () => {
  session = (await signIn()).cookie;
  expect(session).toMatch(/session-token=/);
});

/** GET `path` with the admin's session, without following redirects. */
const signedIn = (path: string) => fetch(`${server().url}${path}`, { headers: { cookie: session }, redirect: "manual" });

describe("the sign-in redirect", () => {
  it("never leaves the site, whatever a browser would drop from the callback URL", async () => {
    // Each of these is //evil.example to a browser (it drops tab, CR and LF and reads "\" as "/").
    for (const callback of [
      "%2F%09%2Fevil.example%2F",
      "%2F%0A%2Fevil.example",
      "%2F%0D%0A%2Fevil.example",
      "%2F%5C%09evil.example",
      "%09%2F%2Fevil.example",
    ]) {
      const res = await signedIn(`/login?callbackUrl=${callback}`);
      expect(res.status, callback).toBe(307);
      const location = new URL(res.headers.get("location")!, server().url);
      expect(location.origin, callback).toBe(new URL(server().url).origin);
      expect(location.pathname, callback).toBe("/runs");
    }
  });

  it("answers a CR or LF in a same-site callback with the cleaned path, not a 500", async () => {
    const res = await signedIn("/login?callbackUrl=%2Fsessions%0D%0A%3Frange%3D1d");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toMatch(/\/sessions\?range=1d$/);
  });
});

describe("request bodies outside ingestion", () => {
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${server().url}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      redirect: "manual",
      duplex: "half",
    } as RequestInit);

  it("refuses an oversize sign-in body with a 413 that names the limit, before reading it", async () => {
    const big = new Uint8Array(40 * 1024 * 1024).fill(0x61); // 40 MiB of "a"
    const res = await post("/api/auth/callback/credentials", big);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("body_too_large");
    expect(body.error.message).toContain("16 KiB");
  });

  it("refuses a sign-in body of unknown length (chunked) with a 411", async () => {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("email=a%40b.c&password=x"));
        c.close();
      },
    });
    const res = await post("/api/auth/callback/credentials", stream);
    expect(res.status).toBe(411);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("length_required");
  });

  it("refuses an oversize server action or page POST with a 413", async () => {
    const res = await post("/settings", new Uint8Array(3 * 1024 * 1024), { "next-action": "0".repeat(40), cookie: session });
    expect(res.status).toBe(413);
  });

  it("still signs in with an ordinary body", async () => {
    expect((await signIn()).cookie).toMatch(/session-token=/);
  });
});

describe("sign-in throttling over HTTP", () => {
  it("refuses the sixth quick failure for an account with how long to wait, whether or not the email exists", async () => {
    const email = `nobody-${Date.now()}@example.com`;
    const errors: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { res } = await signIn(email, "wrong-password");
      const { url } = (await res.json()) as { url: string };
      errors.push(new URL(url).searchParams.get("error") ?? "");
    }
    expect(errors.slice(0, 5)).toEqual(Array(5).fill("CredentialsSignin"));
    expect(errors[5]).toMatch(/^Throttled:\d+$/);
  });
});

// Last: signing out ends every session of the admin, including the one the tests above used.
describe("sessions end when their user signs out", () => {
  it("an old session token no longer reads /api/ui after sign-out", async () => {
    const { cookie } = await signIn();
    const read = () => fetch(`${server().url}/api/ui/runs?range=1d`, { headers: { cookie } });
    expect((await read()).status).toBe(200);
    const csrf = await fetch(`${server().url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const out = await fetch(`${server().url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(out.status).toBeLessThan(400);
    // The browser would drop the cookie; a copy of it is now worth nothing.
    const after = await read();
    expect(after.status).toBe(401);
    // Signing in again works.
    expect((await signIn()).cookie).toMatch(/session-token=/);
  });
});
