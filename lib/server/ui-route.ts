import "server-only";
// The wrapper of every signed-in JSON route under app/api/ui (the dashboard's own fetches), as
// readRoute is for the REST API: the session instead of a key (401 without one, 403 no_project
// for an account outside every project), the viewer's current project, route params decoded
// and cleaned, filter errors as 400s and every other error in the API's one shape.
import { decodeSegment } from "@/lib/urls/nav";
import { cleanParams, errorResponse, toErrorResponse } from "./http";
import { getViewer, NoProjectError, type Viewer } from "./session";

export interface UiContext {
  viewer: Viewer;
  url: URL;
  req: Request;
}

/**
 * A GET handler for app/api/ui. `handle` returns data (sent as JSON, never cached: it is one
 * viewer's) or a Response of its own (other content types or cache rules).
 */
export function uiRoute<P extends Record<string, string> = Record<string, never>>(handle: (ctx: UiContext, params: P) => Promise<unknown>) {
  return async function GET(req: Request, route: { params: Promise<P> }): Promise<Response> {
    try {
      const viewer = await getViewer();
      if (!viewer) return errorResponse(401, "unauthenticated", "Sign in to the dashboard first.");
      const raw = (await route.params) ?? ({} as P);
      const params = cleanParams(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeSegment(v)])) as P);
      const out = await handle({ viewer, url: new URL(req.url), req }, params);
      return out instanceof Response ? out : Response.json(out, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      if (err instanceof NoProjectError) return errorResponse(403, "no_project", err.message);
      return toErrorResponse(err);
    }
  };
}
