"use client";
import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";

export function UserMenu({ name, email }: { name: string | null; email: string }) {
  return (
    <div className="flex items-center gap-2 border-t border-zinc-200 px-3 py-2">
      <div className="flex size-6 shrink-0 items-center justify-center rounded-full bg-accent-100 text-2xs font-semibold uppercase text-accent-800" aria-hidden>
        {(name || email).slice(0, 1)}
      </div>
      <div className="min-w-0 flex-1">
        <div className="truncate text-xs font-medium text-zinc-800">{name || email}</div>
        {name ? <div className="truncate text-2xs text-zinc-500">{email}</div> : null}
      </div>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/login" })}
        aria-label="Sign out"
        title="Sign out"
        className="focus-ring rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700"
      >
        <LogOut className="size-3.5" />
      </button>
    </div>
  );
}
