// Which OAuth sign-in providers are configured (both variables of a pair must be set).
import type { Env } from "@/lib/env";

export interface OAuthProviderInfo {
  id: "github" | "google";
  name: string;
}

export function configuredOAuthProviders(
  e: Partial<Pick<Env, "GITHUB_ID" | "GITHUB_SECRET" | "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET">>,
): OAuthProviderInfo[] {
  const out: OAuthProviderInfo[] = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) out.push({ id: "github", name: "GitHub" });
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) out.push({ id: "google", name: "Google" });
  return out;
}
