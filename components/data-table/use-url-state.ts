"use client";
// Table state lives in the URL. Every update goes through here so that changing a filter or the
// sort always drops the page cursor (a cursor belongs to one query).
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";

export type ParamUpdates = Record<string, string | null | undefined>;

export function applyParamUpdates(current: URLSearchParams | string, updates: ParamUpdates): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [k, v] of Object.entries(updates)) {
    if (v === null || v === undefined || v === "") next.delete(k);
    else next.set(k, v);
  }
  if (!("cursor" in updates)) next.delete("cursor");
  return next;
}

export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const set = useCallback(
    (updates: ParamUpdates, opts: { replace?: boolean } = {}) => {
      const qs = applyParamUpdates(params.toString(), updates).toString();
      const href = qs ? `${pathname}?${qs}` : pathname;
      startTransition(() => (opts.replace ? router.replace(href, { scroll: false }) : router.push(href, { scroll: false })));
    },
    [params, pathname, router],
  );
  return { params, set, pending };
}
