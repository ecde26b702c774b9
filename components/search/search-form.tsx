"use client";
// The query box of the search page: the query lives in the URL (`q`), with the window and filters.
import { Search } from "lucide-react";
import { useState } from "react";
import { useUrlState } from "@/components/data-table/use-url-state";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function SearchForm({ initial }: { initial: string }) {
  const { set, pending } = useUrlState();
  const [q, setQ] = useState(initial);
  return (
    <form
      role="search"
      className="flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        set({ q: q.trim() || null });
      }}
    >
      <div className="relative min-w-0 flex-1">
        <Search className="pointer-events-none absolute left-2 top-1/2 size-3.5 -translate-y-1/2 text-zinc-400" aria-hidden />
        <Input
          name="q"
          aria-label="Search query"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder='refund ORD-4021 "reset my password" -spam tool:lookup status:error'
          className="w-full pl-7"
          autoComplete="off"
          maxLength={500}
        />
      </div>
      <Button type="submit" size="sm" disabled={pending}>
        Search
      </Button>
    </form>
  );
}
