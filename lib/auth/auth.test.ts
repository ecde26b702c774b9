import { describe, expect, it } from "vitest";
import { configuredOAuthProviders } from "./providers";
import { safeCallbackPath, setupSchema } from "./schemas";
import { hasSessionCookie } from "./session-cookie";

describe("sign-in helpers", () => {
  it("offers GitHub and Google only when both variables of the pair are set", () => {
    expect(configuredOAuthProviders({})).toEqual([]);
    expect(configuredOAuthProviders({ GITHUB_ID: "id" })).toEqual([]);
    expect(configuredOAuthProviders({ GITHUB_ID: "id", GITHUB_SECRET: "s", GOOGLE_CLIENT_ID: "g" }).map((p) => p.id)).toEqual(["github"]);
    expect(configuredOAuthProviders({ GITHUB_ID: "id", GITHUB_SECRET: "s", GOOGLE_CLIENT_ID: "g", GOOGLE_CLIENT_SECRET: "t" }).map((p) => p.id)).toEqual([
      "github",
      "google",
    ]);
  });

  it("only returns to same-site dashboard paths after sign-in", () => {
    expect(safeCallbackPath("/runs?userId=u1")).toBe("/runs?userId=u1");
    expect(safeCallbackPath("https://evil.example/")).toBe("/runs");
    expect(safeCallbackPath("//evil.example/x")).toBe("/runs");
    expect(safeCallbackPath("/\\evil.example")).toBe("/runs");
    expect(safeCallbackPath("/login?callbackUrl=/x")).toBe("/runs");
    expect(safeCallbackPath(undefined)).toBe("/runs");
  });

  it("reads the callback the way a browser does: tabs, CR, LF and backslashes cannot leave the site", () => {
    // Browsers drop tab/CR/LF inside a URL and read "\\" as "/": each of these is //evil.example to them.
    for (const hostile of [
      "/\t/evil.example/",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      " //evil.example",
      "/\t\\evil.example",
      "\\\\evil.example",
      "\\/evil.example",
      "/\\\tevil.example",
      "javascript:alert(1)",
      "\tjavascript:alert(1)",
      "http:evil.example",
      "runs",
    ]) {
      expect(safeCallbackPath(hostile), JSON.stringify(hostile)).toBe("/runs");
    }
    // Same-site paths survive, normalised to what the browser would request: no raw control
    // character or non-ASCII ever reaches a Location header.
    expect(safeCallbackPath("/runs\r\n?status=error")).toBe("/runs?status=error");
    expect(safeCallbackPath("/runs/a b?q=é")).toBe("/runs/a%20b?q=%C3%A9");
    expect(safeCallbackPath("/x/../login")).toBe("/runs");
    expect(safeCallbackPath("/%2e%2e/setup")).toBe("/runs");
    expect(safeCallbackPath("/sessions/s1#t")).toBe("/sessions/s1#t");
  });

  it("validates the first-run account", () => {
    const ok = setupSchema.safeParse({ email: " Admin@Example.com ", password: "long enough", confirm: "long enough" });
    expect(ok.success && ok.data.email).toBe("admin@example.com");
    const short = setupSchema.safeParse({ email: "a@b.c", password: "short", confirm: "short" });
    expect(short.success).toBe(false);
    const differ = setupSchema.safeParse({ email: "a@b.c", password: "long enough", confirm: "long enougH" });
    expect(!differ.success && differ.error.issues[0]!.path).toEqual(["confirm"]);
    expect(setupSchema.safeParse({ email: "not an email", password: "long enough", confirm: "long enough" }).success).toBe(false);
  });

  it("recognises NextAuth session cookies, plain, secure and chunked", () => {
    expect(hasSessionCookie(["next-auth.session-token"])).toBe(true);
    expect(hasSessionCookie(["__Secure-next-auth.session-token.0"])).toBe(true);
    expect(hasSessionCookie(["next-auth.csrf-token", "next-auth.callback-url"])).toBe(false);
    expect(hasSessionCookie([])).toBe(false);
  });
});
