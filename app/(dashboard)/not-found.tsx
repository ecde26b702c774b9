import { SearchX } from "lucide-react";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <div className="p-4">
      <EmptyState icon={<SearchX className="size-4" />} title="Not found" description="There is no such page, agent or run in this project.">
        <div className="text-center">
          <ButtonLink href="/runs">Go to runs</ButtonLink>
        </div>
      </EmptyState>
    </div>
  );
}
