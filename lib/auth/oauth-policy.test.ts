import { describe, expect, it } from "vitest";
import { oauthDomainAllowed } from "./oauth-policy";

describe("oauthDomainAllowed", () => {
  it("is closed when no domain is configured", () => {
    expect(oauthDomainAllowed("a@example.com", undefined)).toBe(false);
    expect(oauthDomainAllowed("a@example.com", "")).toBe(false);
  });

  it("matches listed domains exactly, case-insensitively", () => {
    expect(oauthDomainAllowed("Ann@Example.COM", "example.com, @other.org")).toBe(true);
    expect(oauthDomainAllowed("bob@other.org", "example.com, @other.org")).toBe(true);
    expect(oauthDomainAllowed("eve@evil-example.com", "example.com")).toBe(false);
    expect(oauthDomainAllowed("eve@example.com.evil.io", "example.com")).toBe(false);
    expect(oauthDomainAllowed("not-an-email", "example.com")).toBe(false);
  });
});
