"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { createFirstAccount } from "@/lib/actions/setup";
import { PASSWORD_MIN } from "@/lib/auth/schemas";

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const input = {
      name: String(f.get("name") ?? ""),
      email: String(f.get("email") ?? ""),
      password: String(f.get("password") ?? ""),
      confirm: String(f.get("confirm") ?? ""),
    };
    setPending(true);
    setError(null);
    const r = await createFirstAccount(input);
    if (!r.ok) {
      setPending(false);
      setError({ message: r.error, field: r.field });
      if (!r.field) router.refresh();
      return;
    }
    const res = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    if (!res || res.error) {
      router.replace("/login");
      return;
    }
    router.replace("/runs");
    router.refresh();
  }

  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);
  return (
    <div>
      <h1 className="text-base font-semibold">Create the first account</h1>
      <p className="mb-4 mt-1 text-xs text-zinc-500">Nobody has signed up yet. This account becomes the instance&apos;s admin.</p>
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <div>
          <Label htmlFor="name">Name</Label>
          <Input id="name" name="name" autoComplete="name" />
        </div>
        <div>
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="email" required aria-invalid={!!fieldError("email")} />
          <FieldError>{fieldError("email")}</FieldError>
        </div>
        <div>
          <Label htmlFor="password">Password</Label>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            required
            aria-invalid={!!fieldError("password")}
          />
          <FieldError>{fieldError("password")}</FieldError>
        </div>
        <div>
          <Label htmlFor="confirm">Confirm password</Label>
          <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={!!fieldError("confirm")} />
          <FieldError>{fieldError("confirm")}</FieldError>
        </div>
        {error && !error.field ? <FieldError>{error.message}</FieldError> : null}
        <Button type="submit" variant="primary" size="md" className="w-full" disabled={pending}>
          {pending ? "Creating…" : "Create account"}
        </Button>
      </form>
    </div>
  );
}
