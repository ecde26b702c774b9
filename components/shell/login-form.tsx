"use client";
import { signIn, signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { throttledMessage } from "@/lib/auth/throttle";

const ERRORS: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  AccessDenied: "This account may not sign in here.",
  OAuthSignin: "Could not start sign-in with that provider.",
  OAuthCallback: "The provider's sign-in did not complete.",
  OAuthAccountNotLinked: "This email is already linked to another sign-in method.",
  NoProject: "Your account is not a member of any project yet; ask an admin to add you.",
  NotInvited: "This account has not been invited: ask an admin to add your email under Settings → Members.",
};

export function LoginForm({
  callbackUrl,
  providers,
  initialError,
  signedInAs,
}: {
  callbackUrl: string;
  providers: Array<{ id: string; name: string }>;
  initialError?: string;
  /** Set when a signed-in account has no project: it can only sign out. */
  signedInAs?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState(initialError ? (ERRORS[initialError] ?? throttledMessage(initialError) ?? "Sign-in failed; try again.") : "");
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError("");
    const res = await signIn("credentials", { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), redirect: false });
    if (!res || res.error) {
      setPending(false);
      setError(ERRORS[res?.error ?? ""] ?? throttledMessage(res?.error ?? "") ?? ERRORS.CredentialsSignin!);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  if (signedInAs) {
    return (
      <div className="space-y-3">
        <h1 className="text-base font-semibold">No project yet</h1>
        <p className="text-xs text-zinc-600">{signedInAs} is signed in but is not a member of any project. Ask an admin to add you, then sign in again.</p>
        <Button size="md" className="w-full" onClick={() => signOut({ callbackUrl: "/login" })}>
          Sign out
        </Button>
      </div>
    );
  }
  return (
    <div>
      <h1 className="mb-4 text-base font-semibold">Sign in</h1>
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <div>
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="email" required autoFocus />
        </div>
        <div>
          <Label htmlFor="password">Password</Label>
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <FieldError>{error}</FieldError>
        <Button type="submit" variant="primary" size="md" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {providers.length ? (
        <div className="mt-4 space-y-2 border-t border-zinc-200 pt-4">
          {providers.map((p) => (
            <Button key={p.id} size="md" className="w-full" onClick={() => signIn(p.id, { callbackUrl })}>
              Continue with {p.name}
            </Button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
