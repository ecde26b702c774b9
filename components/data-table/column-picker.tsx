"use client";
import type { Table } from "@tanstack/react-table";
import { Columns3 } from "lucide-react";
import { Popover } from "@/components/ui/popover";

export function ColumnPicker<T>({ table }: { table: Table<T> }) {
  return (
    <Popover
      align="end"
      label="Columns"
      className="w-52"
      triggerClassName="focus-ring flex h-7 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2 text-xs font-medium text-zinc-700 shadow-sm hover:bg-zinc-50"
      trigger={
        <>
          <Columns3 className="size-3.5 text-zinc-500" aria-hidden />
          Columns
        </>
      }
    >
      <fieldset>
        <legend className="px-2 py-1 text-2xs font-medium uppercase tracking-wide text-zinc-500">Visible columns</legend>
        {table.getAllLeafColumns().map((c) => (
          <label key={c.id} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-zinc-100">
            <input
              type="checkbox"
              className="accent-accent-600"
              checked={c.getIsVisible()}
              disabled={!c.getCanHide()}
              onChange={c.getToggleVisibilityHandler()}
            />
            {c.columnDef.meta?.label ?? c.id}
          </label>
        ))}
      </fieldset>
    </Popover>
  );
}
