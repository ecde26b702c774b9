import "server-only";
// NextAuth configuration, built once per process because the signing secret may come from the
// database (generated on first start when NEXTAUTH_SECRET is not set).
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "@/lib/env";
import { instanceSecret } from "@/lib/server/data/settings";
import { sightline } from "@/lib/server/sightline";
import { nextAuthLogger } from "./auth-log";
import { configuredOAuthProviders, type OAuthProviderInfo } from "./providers";
import { clientAddress, throttleFailure, throttleSuccess, throttleWait } from "@/lib/server/sign-in-throttle";
import { emailSchema } from "./schemas";
import { throttledError } from "./throttle";
import { oauthDomainAllowed } from "./oauth-policy";
import { endSessions } from "@/lib/server/data/users";
import { findOrCreateOAuthUser, isDeactivated, sessionVersionOf, userExists, verifyPassword } from "./users";

/** OAuth providers whose credentials are configured (the login page shows a button for each). */
export function oauthProviders(): OAuthProviderInfo[] {
  return configuredOAuthProviders(env());
}

// next-auth v4 reads NEXTAUTH_URL from the environment to build absolute URLs. A self-hosted
// instance often runs without it: use SIGHTLINE_PUBLIC_URL when given, else trust the Host header
// (the process serves exactly one site).
function configureOrigin() {
  const e = env();
  if (process.env.NEXTAUTH_URL) return;
  if (e.SIGHTLINE_PUBLIC_URL) process.env.NEXTAUTH_URL = e.SIGHTLINE_PUBLIC_URL;
  else process.env.AUTH_TRUST_HOST ??= "true";
}

async function build(): Promise<AuthOptions> {
  configureOrigin();
  const e = env();
  const { db, boot } = await sightline();
  const secret = e.NEXTAUTH_SECRET ?? (await instanceSecret(db.sql, "nextauth_secret"));
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = emailSchema.safeParse(credentials?.email ?? "");
        const password = credentials?.password ?? "";
        const address = clientAddress(req?.headers);
        const account = email.success ? email.data : null;
        // Refused before the password is even checked, with how long to wait (the form says so);
        // unknown emails are throttled like real ones.
        const wait = await throttleWait(db.sql, "sign-in", account, address);
        if (wait > 0) throw new Error(throttledError(wait));
        const user = account && password ? await verifyPassword(db, account, password) : null;
        if (!user) {
          await throttleFailure(db.sql, "sign-in", account, address);
          return null;
        }
        await throttleSuccess(db.sql, user.email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  for (const p of configuredOAuthProviders(e)) {
    if (p.id === "github") providers.push(GitHubProvider({ clientId: e.GITHUB_ID!, clientSecret: e.GITHUB_SECRET! }));
    if (p.id === "google") providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID!, clientSecret: e.GOOGLE_CLIENT_SECRET! }));
  }
  return {
    secret,
    providers,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    // One line per event, repeats summarised: a forged cookie wrote a stack trace per request.
    logger: nextAuthLogger,
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.provider === "credentials") return true;
        const email = (profile?.email ?? user.email ?? "").trim();
        // Google tells whether it verified the address; an unverified one could claim anyone's account.
        if (account.provider === "google" && (profile as { email_verified?: boolean } | undefined)?.email_verified !== true) return false;
        if (!emailSchema.safeParse(email).success) return false;
        // Invite-only by default: an OAuth account signs in only when an admin added its email
        // (Settings → Members), or its domain is in SIGHTLINE_OAUTH_ALLOWED_DOMAINS.
        if (await isDeactivated(db, email)) return false;
        if (!(await userExists(db, email)) && !oauthDomainAllowed(email, e.SIGHTLINE_OAUTH_ALLOWED_DOMAINS)) {
          return "/login?error=NotInvited";
        }
        await findOrCreateOAuthUser(db, boot.projectId, { email, name: profile?.name ?? user.name ?? null });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // OAuth users carry the provider's id; the token always carries Sightline's own user id.
          if (account.provider === "credentials") token.sub = user.id;
          else if (user.email) token.sub = (await findOrCreateOAuthUser(db, boot.projectId, { email: user.email, name: user.name ?? null })).id;
          // The account's session version at sign-in; lib/server/session.ts refuses the token
          // once the account's version has moved on (sign-out, new password, removal, deactivation).
          if (token.sub) token.sv = (await sessionVersionOf(db, token.sub)) ?? -1;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub ?? null, sessionVersion: typeof token.sv === "number" ? token.sv : null };
      },
    },
    events: {
      // Signing out ends every session of the account, not only this cookie: a copied token is
      // no use afterwards.
      async signOut({ token }) {
        if (token?.sub) await endSessions(db.sql, token.sub);
      },
    },
  };
}

declare global {
  var __sightlineAuthOptions: Promise<AuthOptions> | undefined;
}

export function getAuthOptions(): Promise<AuthOptions> {
  if (!globalThis.__sightlineAuthOptions) {
    globalThis.__sightlineAuthOptions = build().catch((err) => {
      globalThis.__sightlineAuthOptions = undefined;
      throw err;
    });
  }
  return globalThis.__sightlineAuthOptions;
}
