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
