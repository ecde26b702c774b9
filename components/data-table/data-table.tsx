"use client";
// The one table wrapper: TanStack Table for columns and visibility, server-side sort and paging
// (state in the URL, see use-url-state.ts), a column picker, and rows that open a detail page.
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData, type VisibilityState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { ColumnPicker } from "./column-picker";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Header text (also the column picker's label). */
    label: string;
    /** Server-side sort key (the `sort` URL parameter) when the column is sortable. */
    sortKey?: string;
    align?: "right";
    /** Width/overflow classes for the cells. */
    className?: string;
    hiddenByDefault?: boolean;
  }
}

export interface SortState {
  key: string;
  order: "asc" | "desc";
}

export interface DataTableProps<T> {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  /** Where a row leads; the row is clickable and its first cell is a real link. */
  rowHref?: (row: T) => string;
  sort?: SortState;
  onSort?: (key: string) => void;
  /** localStorage key for the visible columns (a per-browser preference, not part of the URL). */
  storageKey: string;
  toolbar?: ReactNode;
  empty?: ReactNode;
  footer?: ReactNode;
  busy?: boolean;
}

export function defaultVisibility<T>(columns: ColumnDef<T, unknown>[]): VisibilityState {
  const out: VisibilityState = {};
  for (const c of columns) if (c.id && c.meta?.hiddenByDefault) out[c.id] = false;
  return out;
}

export function DataTable<T>({ data, columns, getRowId, rowHref, sort, onSort, storageKey, toolbar, empty, footer, busy }: DataTableProps<T>) {
  const router = useRouter();
  const [visibility, setVisibility] = useState<VisibilityState>(() => defaultVisibility(columns));
  // Read the saved choice after mount, so server and first client render agree.
  useEffect(() => {
    try {
      const saved = localStorage.getItem(storageKey);
      if (saved) setVisibility({ ...defaultVisibility(columns), ...JSON.parse(saved) });
    } catch {
      /* ignore a corrupt preference */
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey]);
  const table = useReactTable({
    data,
    columns,
    getRowId,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (u) =>
      setVisibility((prev) => {
        const next = typeof u === "function" ? u(prev) : u;
        try {
          localStorage.setItem(storageKey, JSON.stringify(next));
        } catch {
          /* storage full or disabled */
        }
        return next;
      }),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
  });

  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm">
      <div className="flex min-h-10 flex-wrap items-center gap-2 border-b border-zinc-200 px-2 py-1.5">
        <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5">{toolbar}</div>
        <ColumnPicker table={table} />
      </div>
      <div className={cn("relative h-0.5", busy && "overflow-hidden")}>
        {busy ? <div className="absolute inset-y-0 w-1/3 animate-[slide_1s_ease-in-out_infinite] bg-accent-500" /> : null}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-xs">
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id} className="border-b border-zinc-200 bg-zinc-50/80">
                {hg.headers.map((h) => {
                  const meta = h.column.columnDef.meta;
                  const sortable = meta?.sortKey && onSort;
                  const active = sortable && sort?.key === meta!.sortKey;
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={active ? (sort!.order === "asc" ? "ascending" : "descending") : undefined}
                      className={cn("h-8 whitespace-nowrap px-2 text-left font-medium text-zinc-500", meta?.align === "right" && "text-right", meta?.className)}
                    >
                      {sortable ? (
                        <button
                          type="button"
                          onClick={() => onSort!(meta!.sortKey!)}
                          className={cn("focus-ring inline-flex items-center gap-1 rounded hover:text-zinc-900", active && "text-zinc-900")}
                        >
                          {meta!.label}
                          {active ? (
                            sort!.order === "asc" ? (
                              <ArrowUp className="size-3" />
                            ) : (
                              <ArrowDown className="size-3" />
                            )
                          ) : (
                            <ArrowUpDown className="size-3 opacity-40" />
                          )}
                        </button>
                      ) : (
                        (meta?.label ?? flexRender(h.column.columnDef.header, h.getContext()))
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const href = rowHref?.(row.original);
              return (
                <tr
                  key={row.id}
                  data-row-id={row.id}
                  onClick={
                    href
                      ? (e) => {
                          // Links and buttons inside a row (filters, copy) do their own thing.
                          if ((e.target as HTMLElement).closest("a,button,input")) return;
                          if (e.metaKey || e.ctrlKey) window.open(href, "_blank");
                          else router.push(href);
                        }
                      : undefined
                  }
                  className={cn("h-8 border-b border-zinc-100 last:border-0", href && "cursor-pointer hover:bg-zinc-50")}
                >
                  {row.getVisibleCells().map((cell, i) => {
                    const meta = cell.column.columnDef.meta;
                    const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                    return (
                      <td key={cell.id} className={cn("px-2 align-middle", meta?.align === "right" && "tabular text-right", meta?.className)}>
                        {i === 0 && href ? (
                          <Link href={href} className="focus-ring rounded" prefetch={false}>
                            {content}
                          </Link>
                        ) : (
                          content
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        {data.length === 0 ? empty : null}
      </div>
      {footer ? <div className="flex items-center justify-between gap-2 border-t border-zinc-200 px-2 py-1.5">{footer}</div> : null}
    </div>
  );
}
