"use client";
// The shell's search box: `/` or ⌘K (Ctrl+K) focuses it from anywhere, Enter opens the search
// page in the current agent scope with the current time window.
import { Search } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { parseDashboardPath, pageHref } from "@/lib/urls/nav";

/** Whether a key press happened while the user types somewhere (then `/` is a character). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function SearchBox() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const ref = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = (e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k";
      if (mod || (e.key === "/" && !typing(e.target) && !e.altKey && !e.metaKey && !e.ctrlKey)) {
        e.preventDefault();
        ref.current?.focus();
        ref.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <form
      role="search"
      aria-label="Search runs"
      className="relative w-72 max-w-[40vw]"
      onSubmit={(e) => {
        e.preventDefault();
        const query = q.trim();
        if (!query) return;
        const href = pageHref("search", parseDashboardPath(pathname).agent, params);
        const url = new URL(href, "http://x");
        url.searchParams.set("q", query);
        router.push(`${url.pathname}${url.search}`);
        ref.current?.blur();
      }}
    >
      <Search className="pointer-events-none absolute left-2 top-1/2 size-3.5 -translate-y-1/2 text-zinc-400" aria-hidden />
      <input
        ref={ref}
        type="search"
        name="q"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") e.currentTarget.blur();
        }}
        placeholder="Search runs…"
        aria-label="Search runs"
        aria-keyshortcuts="/ Meta+K Control+K"
        maxLength={500}
        className="focus-ring h-7 w-full rounded-md border border-zinc-300 bg-white pl-7 pr-12 text-xs shadow-sm placeholder:text-zinc-400"
      />
      <kbd className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-zinc-200 px-1 font-sans text-2xs text-zinc-500">
        / ⌘K
      </kbd>
    </form>
  );
}
