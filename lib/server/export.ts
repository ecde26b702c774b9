import "server-only";
// The runs export (GET /v1/runs/export and the dashboard's Export button, app/api/ui/runs/export):
// exactly the runs the same filters list, walked page by page with the list's own keyset query
// (or the search's cursor when `q` is given) and streamed, so memory stays bounded by one page
// whatever the number of runs. The first page is read before the response starts: a filter the
// query cannot use is still a 400, not a broken download.
import type { Sql } from "@/lib/db/sql";
import { csvHeader, csvRow } from "@/lib/export/csv";
import { runsToOtlpRequest } from "@/lib/export/otlp";
import { FilterError } from "@/lib/validations/list-params";
import { parseDashboardList, RUN_EXPORT, type ExportFormat, type RunExportParams, type SearchFilters } from "@/lib/validations/lists";
import { patternsOfRuns, runInsightsOf } from "./data/insights";
import { getRuns } from "./data/run-detail";
import { getRunsByIds, listRuns, type RunDto } from "./data/runs";
import { searchRuns } from "./data/search";
import { topicsOfRuns } from "./data/topics";

/** Runs read per page: each page is read, written and let go before the next. */
export const EXPORT_PAGE = 100;

const FILES: Record<ExportFormat, { contentType: string; extension: string }> = {
  jsonl: { contentType: "application/x-ndjson; charset=utf-8", extension: "jsonl" },
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  otlp: { contentType: "application/x-ndjson; charset=utf-8", extension: "otlp.jsonl" },
};

/** Runs in full, as GET /v1/runs/{id} returns each: the run, its steps, tool calls, spans and insights. */
export async function runDetails(sql: Sql, projectId: string, ids: string[]) {
  const [runs, insights, topics] = await Promise.all([getRuns(sql, projectId, ids), runInsightsOf(sql, projectId, ids), topicsOfRuns(sql, projectId, ids)]);
  return runs.map((run) => ({ ...run, insights: { ...insights.get(run.id)!, topic: topics.get(run.id) ?? null } }));
}

/** The next page of matching runs (as the list returns them), and whether there is one after it. */
type Pager = () => Promise<{ runs: RunDto[]; more: boolean }>;

function listPager(sql: Sql, projectId: string, f: RunExportParams): Pager {
  let cursor: string | null = null;
  return async () => {
    const page = await listRuns(sql, projectId, { ...f, limit: EXPORT_PAGE, cursor });
    cursor = page.nextCursor;
    return { runs: page.data, more: cursor !== null };
  };
}

function searchPager(sql: Sql, projectId: string, f: RunExportParams): Pager {
  let cursor: string | null = null;
  const filters = { ...f, limit: EXPORT_PAGE } as unknown as SearchFilters;
  return async () => {
    // A search page may be empty while its cursor goes on further back in the window.
    const page = await searchRuns(sql, projectId, { ...filters, cursor });
    cursor = page.nextCursor;
    return {
      runs: await getRunsByIds(
        sql,
        projectId,
        page.data.map((h) => h.runId),
      ),
      more: cursor !== null,
    };
  };
}

/** One page written in the export's format. */
async function render(sql: Sql, projectId: string, format: ExportFormat, runs: RunDto[]): Promise<string> {
  if (!runs.length) return "";
  const ids = runs.map((r) => r.id);
  if (format === "csv") {
    const patterns = await patternsOfRuns(sql, projectId, ids);
    return runs.map((r) => csvRow({ ...r, patterns: patterns.get(r.id) ?? [] })).join("");
  }
  const full = await runDetails(sql, projectId, ids);
  // OTLP: one ExportTraceServiceRequest per run and line (the OpenTelemetry Collector's file
  // format), so each line can be sent to any OTLP/HTTP endpoint within its body limit.
  if (format === "otlp") return full.map((r) => `${JSON.stringify(runsToOtlpRequest([r]))}\n`).join("");
  return full.map((r) => `${JSON.stringify(r)}\n`).join("");
}

export interface RunExport {
  format: ExportFormat;
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/** The export's parameters from a REST URL (a window is required) or a dashboard URL (the last day by default). */
export function parseExport(params: URLSearchParams, from: "api" | "dashboard"): RunExportParams & { format: ExportFormat } {
  const f = from === "api" ? RUN_EXPORT.parse(params) : parseDashboardList(RUN_EXPORT, params);
  if (f.q.trim() && (params.has("sort") || params.has("order")))
    throw new FilterError("sort and order do not apply with q: a search export keeps the search's own order (ranked within each block, newest blocks first).");
  return { ...f, format: f.format ?? "jsonl" };
}

/** Starts an export: reads the first page (so bad filters throw here), then streams the rest on demand. */
export async function exportRuns(sql: Sql, projectId: string, f: RunExportParams & { format: ExportFormat }, now = new Date()): Promise<RunExport> {
  const next = f.q.trim() ? searchPager(sql, projectId, f) : listPager(sql, projectId, f);
  const encoder = new TextEncoder();
  const first = await next();
  // The next page's list read, started while this page is rendered (one page read ahead: the
  // list query and the full runs' queries of the page before overlap instead of queueing).
  let ahead: Promise<{ runs: RunDto[]; more: boolean }> | null = Promise.resolve(first);
  let header = f.format === "csv" ? csvHeader() : "";
  const body = new ReadableStream<Uint8Array>(
    {
      // Called only when the client has taken what was sent: a slow download reads slowly.
      async pull(controller) {
        try {
          const page = await ahead!;
          ahead = page.more ? next() : null;
          // A read-ahead that fails while this page renders is reported by the next pull.
          ahead?.catch(() => {});
          const text = header + (await render(sql, projectId, f.format, page.runs));
          header = "";
          if (text) controller.enqueue(encoder.encode(text));
          if (!ahead) controller.close();
        } catch (err) {
          // The status line has been sent: the download is cut short rather than completed wrong.
          console.error("[sightline] export failed mid-stream:", err);
          controller.error(err);
        }
      },
    },
    { highWaterMark: 0 },
  );
  const file = FILES[f.format];
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "");
  return { format: f.format, filename: `sightline-runs-${stamp}.${file.extension}`, contentType: file.contentType, body };
}

/** The HTTP response of an export: an attachment, never cached. */
export function exportResponse(e: RunExport): Response {
  return new Response(e.body, {
    headers: {
      "content-type": e.contentType,
      "content-disposition": `attachment; filename="${e.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
