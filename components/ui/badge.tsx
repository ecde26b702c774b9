import type { ReactNode } from "react";
import { cn } from "./cn";

export type Tone = "neutral" | "green" | "red" | "amber" | "blue" | "accent";

const TONES: Record<Tone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  red: "bg-red-50 text-red-700 ring-red-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  blue: "bg-sky-50 text-sky-700 ring-sky-200",
  accent: "bg-accent-50 text-accent-700 ring-accent-200",
};

export function Badge({ tone = "neutral", children, className, title }: { tone?: Tone; children: ReactNode; className?: string; title?: string }) {
  return (
    <span
      title={title}
      className={cn("inline-flex h-5 max-w-full items-center gap-1 truncate rounded px-1.5 text-2xs font-medium ring-1 ring-inset", TONES[tone], className)}
    >
      {children}
    </span>
  );
}

export function StatusBadge({ status }: { status: "success" | "error" }) {
  return status === "error" ? (
    <Badge tone="red">
      <span className="size-1.5 rounded-full bg-red-500" aria-hidden />
      error
    </Badge>
  ) : (
    <Badge tone="green">
      <span className="size-1.5 rounded-full bg-emerald-500" aria-hidden />
      ok
    </Badge>
  );
}
