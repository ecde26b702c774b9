// The one list of top-level path segments an agent slug may never take. Next.js resolves static
// segments before `[agent]`, so an agent named like a page would be unreachable; the metadata rules
// drop such agent names at ingestion instead. A test fails when app/ gains a top-level route that
// is missing here.

/** The dashboard pages of The Context Company's reserved routes. */
export const TCC_RESERVED_ROUTES = [
  "runs",
  "sessions",
  "patterns",
  "recaps",
  "overview",
  "search",
  "failures",
  "feedback",
  "tools",
  "topics",
  "views",
  "settings",
  "mcp-and-api",
] as const;

/** Everything else Sightline serves at the top level. */
export const SIGHTLINE_RESERVED_ROUTES = [
  "users",
  "orgs",
  "login",
  "logout",
  "setup",
  "signup",
  "api",
  "v1",
  "otel-steps",
  "cli",
  "mcp",
  "_next",
  "favicon.ico",
  "robots.txt",
  "health",
  "healthz",
  "docs",
  "static",
  "public",
  "auth",
  "admin",
  "projects",
  "agents",
  "new",
] as const;

export const RESERVED_ROUTES: ReadonlySet<string> = new Set<string>([...TCC_RESERVED_ROUTES, ...SIGHTLINE_RESERVED_ROUTES]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_ROUTES.has(slug.trim().toLowerCase());
}
