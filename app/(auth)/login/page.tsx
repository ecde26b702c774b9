import type { Metadata } from "next";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/shell/login-form";
import { getAuthOptions, oauthProviders } from "@/lib/auth/options";
import { safeCallbackPath } from "@/lib/auth/schemas";
import { hasAnyUser } from "@/lib/auth/users";
import { getViewer, NoProjectError } from "@/lib/server/session";
import { sightline } from "@/lib/server/sightline";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : undefined);
  const callbackUrl = safeCallbackPath(one("callbackUrl"));
  const error = one("error");
  const { db } = await sightline();
  if (!(await hasAnyUser(db))) redirect("/setup");
  const session = await getServerSession(await getAuthOptions());
  // Only a session that is still current counts as signed in: a revoked one (sign-out elsewhere,
  // removal, deactivation) would otherwise be sent back to the dashboard, which sends it here.
  const current = session
    ? await getViewer().then(
        (v) => v !== null,
        (err) => err instanceof NoProjectError,
      )
    : false;
  if (current && error !== "NoProject") redirect(callbackUrl);
  const signedInAs = current && error === "NoProject" ? (session?.user?.email ?? "This account") : undefined;
  return <LoginForm callbackUrl={callbackUrl} providers={oauthProviders()} initialError={error} signedInAs={signedInAs} />;
}
