// Request paths whose percent-escapes do not decode to UTF-8 (`/v1/runs/%FF`, `/runs/%ED%A0%80`):
// Next.js fails to decode such a path's route params and answers a plain-text 500, before any
// route, page or error boundary runs. The server (scripts/serve.mjs) escapes the `%` of such a
// segment instead, so the route sees the segment as literal text, as decodeSegment
// (lib/urls/nav.ts) already reads it: an id that matches nothing, a JSON 404 from the API and
// the 404 page on the dashboard. Pure, for the server bundle and tests.

/** The request target (path and query) with each undecodable path segment's `%` escaped, or null when every segment decodes. */
export function escapeMalformedPath(target: string): string | null {
  const q = target.indexOf("?");
  const pathname = q === -1 ? target : target.slice(0, q);
  if (!pathname.includes("%")) return null;
  let changed = false;
  const segments = pathname.split("/").map((seg) => {
    if (!seg.includes("%")) return seg;
    try {
      decodeURIComponent(seg);
      return seg;
    } catch {
      changed = true;
      return seg.replaceAll("%", "%25");
    }
  });
  return changed ? segments.join("/") + (q === -1 ? "" : target.slice(q)) : null;
}
