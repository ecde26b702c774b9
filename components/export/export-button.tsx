"use client";
// The Export button of the runs table and of search results: pick a format, and the page's
// current filters, sort, time window (and search query) are exported through /api/ui/runs/export,
// the same export as GET /v1/runs/export. The file is read as a stream so the page can show the
// runs and bytes received so far and cancel; it is saved when the stream ends.
import { useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { MenuItem, Popover } from "@/components/ui/popover";
import { countRecords, NO_RECORDS } from "@/lib/export/progress";

const FORMATS = [
  { value: "csv", label: "CSV", hint: "the table's columns, for spreadsheets" },
  { value: "jsonl", label: "JSONL", hint: "every run in full: steps, tool calls, feedback" },
  { value: "otlp", label: "OTLP/JSON", hint: "OpenTelemetry spans, to import elsewhere" },
] as const;
type Format = (typeof FORMATS)[number]["value"];

// Parameters of the page that are not the export's: paging and the saved view's id.
const PAGE_ONLY = ["limit", "cursor", "view"];

type State =
  | { kind: "idle" }
  | { kind: "running"; records: number; bytes: number }
  | { kind: "done"; records: number; bytes: number; filename: string }
  | { kind: "error"; message: string };

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const filenameOf = (res: Response, format: Format) =>
  /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `sightline-runs.${format === "otlp" ? "otlp.jsonl" : format}`;

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return `The export failed (HTTP ${res.status}).`;
}

export function ExportButton({ agentScope, label = "Export" }: { agentScope: string | null; label?: string }) {
  const search = useSearchParams();
  const [format, setFormat] = useState<Format>("csv");
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function start(fmt: Format) {
    const params = new URLSearchParams(search.toString());
    for (const k of PAGE_ONLY) params.delete(k);
    if (agentScope) params.set("agent", agentScope);
    params.set("format", fmt);
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", records: 0, bytes: 0 });
    try {
      const res = await fetch(`/api/ui/runs/export?${params}`, { signal: controller.signal });
      if (!res.ok || !res.body) {
        setState({ kind: "error", message: await errorMessage(res) });
        return;
      }
      const reader = res.body.getReader();
      const parts: BlobPart[] = [];
      let count = NO_RECORDS;
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.byteLength;
        count = countRecords(value, fmt === "csv", count);
        setState({ kind: "running", records: fmt === "csv" ? Math.max(0, count.records - 1) : count.records, bytes });
      }
      const filename = filenameOf(res, fmt);
      const url = URL.createObjectURL(new Blob(parts, { type: res.headers.get("content-type") ?? "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", records: fmt === "csv" ? Math.max(0, count.records - 1) : count.records, bytes, filename });
    } catch (err) {
      if (controller.signal.aborted) setState({ kind: "idle" });
      else setState({ kind: "error", message: `The export stopped before the end: ${(err as Error).message}` });
    } finally {
      abort.current = null;
    }
  }

  const running = state.kind === "running";
  return (
    <div className="flex items-center gap-2">
      <p role="status" aria-live="polite" className="text-xs text-zinc-600">
        {state.kind === "running" ? `Exporting… ${state.records.toLocaleString("en-US")} runs, ${formatBytes(state.bytes)}` : null}
        {state.kind === "done" ? `Exported ${state.records.toLocaleString("en-US")} runs (${formatBytes(state.bytes)}) to ${state.filename}` : null}
        {state.kind === "error" ? <span className="text-red-700">{state.message}</span> : null}
      </p>
      {running ? (
        <Button onClick={() => abort.current?.abort()}>Cancel export</Button>
      ) : (
        <Popover
          trigger={label}
          align="end"
          triggerClassName="focus-ring inline-flex h-7 items-center rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-800 shadow-sm hover:bg-zinc-50"
          className="w-72 p-2"
        >
          {(close) => (
            <div role="group" aria-label="Export format">
              <p className="px-2 pb-1 text-xs text-zinc-600">Every run of this view, in the order shown:</p>
              {FORMATS.map((f) => (
                <MenuItem key={f.value} active={format === f.value} onSelect={() => setFormat(f.value)}>
                  <span className="font-medium">{f.label}</span>
                  <span className="text-xs text-zinc-600">{f.hint}</span>
                </MenuItem>
              ))}
              <Button
                variant="primary"
                className="mt-2 w-full"
                onClick={() => {
                  close();
                  void start(format);
                }}
              >
                Download {FORMATS.find((f) => f.value === format)!.label}
              </Button>
            </div>
          )}
        </Popover>
      )}
    </div>
  );
}
