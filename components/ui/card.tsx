import type { ReactNode } from "react";
import { cn } from "./cn";

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return <section className={cn("rounded-lg border border-zinc-200 bg-white shadow-sm", className)}>{children}</section>;
}

export function CardHeader({ title, actions, className }: { title: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <header className={cn("flex min-h-9 items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5", className)}>
      <h2 className="truncate text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h2>
      {actions ? <div className="flex items-center gap-1.5">{actions}</div> : null}
    </header>
  );
}

export function CardBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("p-3", className)}>{children}</div>;
}
