"use client";
// A saved view's row actions on /views: pin to the sidebar, rename, share or make private, delete.
// Each calls its server action with a form and refreshes the page (and the sidebar's pins).
import { Pin, PinOff } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteViewAction, pinViewAction, updateViewAction, type ViewActionState } from "@/lib/actions/views";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

type Act = (prev: unknown, form: FormData) => Promise<ViewActionState>;

function useViewAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (act: Act, values: Record<string, string>, after?: () => void) =>
    start(async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(values)) form.set(k, v);
      const res = await act(null, form);
      if (!res?.ok) return setError(res?.error ?? "Something went wrong.");
      setError(null);
      after?.();
      router.refresh();
    });
  return { pending, error, run };
}

export function PinButton({ viewKey, pinned, name }: { viewKey: string; pinned: boolean; name: string }) {
  const { pending, error, run } = useViewAction();
  return (
    <>
      <Button
        size="xs"
        variant="ghost"
        aria-pressed={pinned}
        aria-label={`${pinned ? "Unpin" : "Pin"} ${name}`}
        disabled={pending}
        onClick={() => run(pinViewAction, { key: viewKey, pinned: String(!pinned) })}
      >
        {pinned ? <PinOff className="size-3" aria-hidden /> : <Pin className="size-3" aria-hidden />}
        {pinned ? "Unpin" : "Pin"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </>
  );
}

export function ViewActions({ id, name, shared, isOwner, canManage }: { id: string; name: string; shared: boolean; isOwner: boolean; canManage: boolean }) {
  const { pending, error, run } = useViewAction();
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(name);
  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      {renaming ? (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            run(updateViewAction, { id, name: draft }, () => setRenaming(false));
          }}
        >
          <Input
            aria-label={`New name for ${name}`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={100}
            className="h-6 w-40 text-xs"
            autoFocus
          />
          <Button size="xs" type="submit" variant="primary" disabled={pending}>
            Save
          </Button>
          <Button size="xs" variant="ghost" onClick={() => (setRenaming(false), setDraft(name))}>
            Cancel
          </Button>
        </form>
      ) : canManage ? (
        <Button size="xs" variant="ghost" aria-label={`Rename ${name}`} onClick={() => setRenaming(true)}>
          Rename
        </Button>
      ) : null}
      {isOwner ? (
        <Button size="xs" variant="ghost" disabled={pending} onClick={() => run(updateViewAction, { id, shared: String(!shared) })}>
          {shared ? "Make private" : "Share"}
        </Button>
      ) : null}
      {canManage ? (
        <Button
          size="xs"
          variant="danger"
          aria-label={`Delete ${name}`}
          disabled={pending}
          onClick={() => {
            if (window.confirm(`Delete the view "${name}"${shared ? " for everyone in the project" : ""}?`)) run(deleteViewAction, { id });
          }}
        >
          Delete
        </Button>
      ) : null}
      {error ? (
        <span role="alert" className="w-full text-right text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </div>
  );
}
