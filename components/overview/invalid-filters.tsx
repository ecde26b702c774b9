import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** What a page shows when its URL parameters do not parse (a 4xx, never a crash). */
export function InvalidFilters({ title, message, resetHref }: { title: string; message: string; resetHref: string }) {
  return (
    <div className="p-4">
      <PageHeader title={title} />
      <EmptyState title="These filters are not valid" description={message}>
        <div className="text-center">
          <ButtonLink href={resetHref}>Reset filters</ButtonLink>
        </div>
      </EmptyState>
    </div>
  );
}

/** "/{agent}" or "" for links that stay in the agent scope. */
export const scopePrefix = (agent: { slug: string } | null) => (agent ? `/${encodeURIComponent(agent.slug)}` : "");

/** The time window parameters of a URL, to carry into links to other pages. */
export function windowQuery(search: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of ["range", "from", "to"]) {
    const v = search.get(k);
    if (v) out.set(k, v);
  }
  const s = out.toString();
  return s ? `?${s}` : "";
}
