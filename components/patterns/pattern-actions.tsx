"use client";
// Edit, enable/disable and delete buttons of a user-defined pattern's page.
import { Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deletePatternAction, setPatternEnabledAction } from "@/lib/actions/patterns";
import { Button, ButtonLink } from "@/components/ui/button";

export function PatternActions({ id, enabled, listHref }: { id: string; enabled: boolean; listHref: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, after: () => void) =>
    start(async () => {
      const res = await fn();
      if (!res.ok) return setError(res.error ?? "Something went wrong.");
      setError(null);
      after();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
      <ButtonLink href={`/patterns/${encodeURIComponent(id)}/edit`}>
        <Pencil className="size-3" aria-hidden /> Edit
      </ButtonLink>
      <Button
        disabled={pending}
        onClick={() =>
          run(
            () => setPatternEnabledAction(id, !enabled),
            () => router.refresh(),
          )
        }
      >
        {enabled ? "Disable" : "Enable"}
      </Button>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() => {
          if (!window.confirm("Delete this pattern and its results? This cannot be undone.")) return;
          run(
            () => deletePatternAction(id),
            () => {
              router.push(listHref);
              router.refresh();
            },
          );
        }}
      >
        Delete
      </Button>
    </div>
  );
}
