"use client";
// Filters as URL parameters with the read API's names (userId, status, feedback, metadata.<k>…).
// Pages pass the fields they support; text fields apply on Enter or when they lose focus.
import { Plus, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Popover } from "@/components/ui/popover";
import { useUrlState } from "./use-url-state";

export type FilterField =
  | { key: string; label: string; type: "text"; placeholder?: string; width?: string }
  | { key: string; label: string; type: "select"; options: Array<{ value: string; label: string }> };

const CONTROL = "focus-ring h-7 rounded-md border bg-white px-2 text-xs shadow-sm";

export function FilterBar({ fields, metadata = true }: { fields: FilterField[]; metadata?: boolean }) {
  const { params, set } = useUrlState();
  const meta = [...params.entries()].filter(([k]) => k.startsWith("metadata.") && k.length > 9);
  const active = fields.some((f) => params.get(f.key)) || meta.length > 0;
  return (
    <div role="group" aria-label="Filters" className="flex flex-wrap items-center gap-1.5">
      {fields.map((f) =>
        f.type === "select" ? (
          <label
            key={f.key}
            className={cn(
              "inline-flex h-7 items-center rounded-md border bg-white pl-2 text-xs shadow-sm focus-within:ring-2 focus-within:ring-accent-500",
              params.get(f.key) ? "border-accent-400" : "border-zinc-300",
            )}
          >
            <span className="text-zinc-500">{f.label}</span>
            <select
              aria-label={f.label}
              value={params.get(f.key) ?? ""}
              onChange={(e) => set({ [f.key]: e.target.value || null })}
              className={cn(
                "h-full max-w-48 cursor-pointer rounded-md bg-transparent pl-1 pr-1 text-xs outline-none [field-sizing:content]",
                params.get(f.key) ? "font-medium text-accent-900" : "text-zinc-700",
              )}
            >
              <option value="">any</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <TextFilter key={f.key} field={f} value={params.get(f.key) ?? ""} onCommit={(v) => set({ [f.key]: v || null })} />
        ),
      )}
      {meta.map(([k, v]) => (
        <span
          key={k}
          className="inline-flex h-7 items-center gap-1 rounded-md border border-accent-300 bg-accent-50 pl-2 pr-1 font-mono text-2xs text-accent-900"
        >
          {k.slice(9)} = {v}
          <button
            type="button"
            aria-label={`Remove filter ${k.slice(9)}`}
            onClick={() => set({ [k]: null })}
            className="focus-ring rounded p-0.5 hover:bg-accent-100"
          >
            <X className="size-3" />
          </button>
        </span>
      ))}
      {metadata ? <MetadataFilter onAdd={(k, v) => set({ [`metadata.${k}`]: v })} /> : null}
      {active ? (
        <Button size="xs" variant="ghost" onClick={() => set(Object.fromEntries([...fields.map((f) => [f.key, null]), ...meta.map(([k]) => [k, null])]))}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}

function TextFilter({ field, value, onCommit }: { field: Extract<FilterField, { type: "text" }>; value: string; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  // A new value from the URL (another filter cleared it, back/forward) replaces the draft; done while
  // rendering, as React recommends, instead of in an effect that renders twice.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <input
      aria-label={field.label}
      placeholder={field.placeholder ?? field.label}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
        if (e.key === "Escape") setDraft(value);
      }}
      className={cn(CONTROL, field.width ?? "w-28", value ? "border-accent-400 text-accent-900" : "border-zinc-300 placeholder:text-zinc-500")}
    />
  );
}

function MetadataFilter({ onAdd }: { onAdd: (key: string, value: string) => void }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  return (
    <Popover
      label="Add metadata filter"
      className="w-64 p-2"
      triggerClassName={cn(CONTROL, "inline-flex items-center gap-1 border-dashed border-zinc-300 text-zinc-600 hover:bg-zinc-50")}
      trigger={
        <>
          <Plus className="size-3" aria-hidden />
          Metadata
        </>
      }
    >
      {(close) => (
        <form
          className="space-y-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            if (!key.trim()) return;
            onAdd(key.trim(), value);
            setKey("");
            setValue("");
            close();
          }}
        >
          <input
            autoFocus
            aria-label="Metadata key"
            placeholder="key (e.g. plan)"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            className={cn(CONTROL, "w-full border-zinc-300")}
          />
          <input
            aria-label="Metadata value"
            placeholder="value (e.g. pro)"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className={cn(CONTROL, "w-full border-zinc-300")}
          />
          <Button type="submit" size="xs" variant="primary" className="w-full">
            Add filter
          </Button>
        </form>
      )}
    </Popover>
  );
}
