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
