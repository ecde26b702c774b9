// Every dashboard page, as the fuzz test (tests/contract/dashboard-fuzz.test.ts) and the
// accessibility audit in the browser tests visit them. The list pages come from the
// sidebar's own list (lib/urls/nav.ts), so a new page joins both by being in the sidebar; a
// detail page is one entry in DETAIL_PAGES. dashboardRouteFiles() reads app/(dashboard), and
// the fuzz test fails when a page file is missing from this list.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NAV_PAGES } from "@/lib/urls/nav";

/**
 * Detail pages under a list page: `/{list}/[id]` (and `/{agent}/{list}/[id]` when scoped); `param`
 * names the placeholder when the route calls it something else than `id`.
 */
export const DETAIL_PAGES: Array<{ list: string; agentScoped: boolean; param?: string }> = [
  { list: "runs", agentScoped: true },
  { list: "sessions", agentScoped: true },
  { list: "users", agentScoped: false },
  { list: "orgs", agentScoped: false },
  { list: "failures", agentScoped: true, param: "signature" },
  { list: "tools", agentScoped: true, param: "name" },
  { list: "patterns", agentScoped: true },
  { list: "topics", agentScoped: true },
  { list: "recaps", agentScoped: true },
];

/** Pages that are neither a list nor a detail: the pattern forms. */
export const FORM_PAGES = ["/patterns/new", "/patterns/[id]/edit"];

/** A page's path pattern with `[agent]` and `[id]` placeholders, e.g. `/[agent]/runs/[id]`. */
export function dashboardPatterns(): string[] {
  const out: string[] = [];
  for (const p of NAV_PAGES) {
    out.push(`/${p.slug}`);
    if (p.agentScoped) out.push(`/[agent]/${p.slug}`);
  }
  for (const d of DETAIL_PAGES) {
    const param = `[${d.param ?? "id"}]`;
    out.push(`/${d.list}/${param}`);
    if (d.agentScoped) out.push(`/[agent]/${d.list}/${param}`);
  }
  return [...out, ...FORM_PAGES];
}

/** Fills a pattern's placeholders (already URL-encoded values). */
export const fillPattern = (pattern: string, values: { agent: string; id: string }) =>
  pattern.replace("[agent]", values.agent).replace(/\[(?:id|signature|name)\]/, values.id);

const DASHBOARD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/(dashboard)");

/** The path patterns of app/(dashboard)'s page files (route groups dropped). */
export function dashboardRouteFiles(dir = DASHBOARD, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") out.push(prefix || "/");
    if (!entry.isDirectory()) continue;
    const seg = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    out.push(...dashboardRouteFiles(path.join(dir, entry.name), prefix + seg));
  }
  return out;
}
