"use client";
// "Save view" in a list page's header: names the page's current URL parameters (filters, sort,
// time window) and saves them, privately or shared with the project, through saveViewAction.
import { Bookmark } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useActionState, useId } from "react";
import { saveViewAction, type ViewActionState } from "@/lib/actions/views";
import { buttonClass, Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Popover } from "@/components/ui/popover";
import type { ViewPage } from "@/lib/views/pages";

export function SaveViewButton({ page, agentScope }: { page: ViewPage; agentScope: string | null }) {
  const search = useSearchParams();
  const [state, action, pending] = useActionState<ViewActionState, FormData>(saveViewAction, null);
  const nameId = useId();
  const views = agentScope ? `/${encodeURIComponent(agentScope)}/views` : "/views";
  return (
    <Popover
      align="end"
      className="w-72 p-3"
      triggerClassName={buttonClass("secondary", "sm")}
      trigger={
        <>
          <Bookmark className="size-3.5" aria-hidden /> Save view
        </>
      }
    >
      <form action={action} className="space-y-2">
        <input type="hidden" name="page" value={page} />
        <input type="hidden" name="agent" value={agentScope ?? ""} />
        <input type="hidden" name="query" value={search.toString()} />
        <div>
          <Label htmlFor={nameId}>Name</Label>
          <Input id={nameId} name="name" required maxLength={100} placeholder="e.g. Errors of the pro plan" autoFocus />
        </div>
        <label className="flex items-center gap-2 text-xs text-zinc-700">
          <input type="checkbox" name="shared" value="true" className="accent-accent-600" /> Share with the project
        </label>
        <p className="text-2xs text-zinc-500">Saves this page&apos;s filters, sort and time range{agentScope ? `, for ${agentScope} only` : ""}.</p>
        <div className="flex items-center justify-between gap-2">
          <Link href={views} className="focus-ring rounded text-xs text-accent-700 hover:underline">
            All views
          </Link>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-xs text-emerald-700" : "text-xs text-red-600"}>
            {state.ok ? state.message : state.error}
          </p>
        ) : null}
      </form>
    </Popover>
  );
}
