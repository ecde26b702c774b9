"use client";
// A button that opens a small panel below it; closes on outside click and Escape. Enough for
// menus, pickers and the column picker without a UI framework.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

export function Popover({
  trigger,
  children,
  align = "start",
  className,
  label,
  triggerClassName,
}: {
  trigger: ReactNode;
  children: ReactNode | ((close: () => void) => ReactNode);
  align?: "start" | "end";
  className?: string;
  /** Accessible name of the trigger button when its content is not text. */
  label?: string;
  triggerClassName?: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  const close = () => setOpen(false);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        className={triggerClassName}
      >
        {trigger}
      </button>
      {open ? (
        <div
          id={id}
          className={cn(
            "absolute z-40 mt-1 min-w-44 rounded-md border border-zinc-200 bg-white p-1 text-sm shadow-lg",
            align === "end" ? "right-0" : "left-0",
            className,
          )}
        >
          {typeof children === "function" ? children(close) : children}
        </div>
      ) : null}
    </div>
  );
}

export function MenuItem({ children, active, onSelect, className }: { children: ReactNode; active?: boolean; onSelect: () => void; className?: string }) {
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={!!active}
      onClick={onSelect}
      className={cn(
        "focus-ring flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm text-zinc-700 hover:bg-zinc-100",
        active && "bg-accent-50 font-medium text-accent-800",
        className,
      )}
    >
      {children}
    </button>
  );
}
