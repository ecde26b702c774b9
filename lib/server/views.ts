import "server-only";
// `?view=<id>` on a list page: the page redirects to the view's page with its saved parameters.
// A view saved on an agent's page opens in that agent's scope; a top-level view or a preset opens
// in the scope it is opened from (so `/{agent}/runs?view=errors` shows that agent's errors).
import { redirect } from "next/navigation";
import { isViewId, presetByKey, viewHref } from "@/lib/views/pages";
import { findView } from "./data/views";
import type { Viewer } from "./session";

/**
 * Redirects when the URL names a view this user may open; returns the message to show when it
 * names one that does not exist (or is someone else's private view); null without `?view=`.
 */
export async function openViewParam(viewer: Viewer, search: URLSearchParams, scope: { slug: string } | null): Promise<string | null> {
  const key = search.get("view");
  if (key === null) return null;
  const preset = presetByKey(key);
  if (preset) redirect(viewHref(preset, scope?.slug ?? null));
  const view = isViewId(key) ? await findView(viewer.sql, viewer.project.id, viewer.user.id, key) : null;
  if (view) redirect(viewHref(view, view.agent?.slug ?? scope?.slug ?? null));
  return "This saved view does not exist in this project, or it is private to someone else. Open the list of views to choose another.";
}
