// In front of every page: sets the page's Content-Security-Policy (a fresh script nonce per
// request, which Next.js reads from the request headers and puts on the scripts it renders; see
// lib/http/security-headers.ts), and a fast, optimistic gate: a dashboard request without a session
// cookie is sent to /login before anything renders. The gate only checks that a cookie is present;
// the dashboard layout, every page's data access and every server action verify the session for
// real (lib/server/session.ts), so a forged cookie gets nothing.
import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";
import { withoutScopedAgentParam } from "@/lib/urls/nav";

// Pages anyone may open: sign-in and first-run setup.
const PUBLIC_PAGE = /^\/(?:login|setup)(?:\/|$)/;

export function proxy(req: NextRequest) {
  const csp = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
  const withCsp = (res: NextResponse) => {
    res.headers.set("Content-Security-Policy", csp);
    return res;
  };
  // No id, agent or page name contains NUL, and PostgreSQL text cannot hold one: such a path
  // would reach a query and fail it (a 500), so it is simply not found.
  if (/%00/i.test(req.nextUrl.pathname) || req.nextUrl.pathname.includes("\0")) return withCsp(new NextResponse("Not found", { status: 404 }));
  if (!PUBLIC_PAGE.test(req.nextUrl.pathname) && !hasSessionCookie(req.cookies.getAll().map((c) => c.name))) {
    const login = new URL("/login", req.url);
    const back = `${req.nextUrl.pathname}${req.nextUrl.search}`;
    if (back !== "/") login.searchParams.set("callbackUrl", back);
    return withCsp(NextResponse.redirect(login));
  }
  // `/{agent}/runs?agent=other`: the path's agent wins on every agent's page, and the URL says so.
  const scoped = withoutScopedAgentParam(req.nextUrl);
  if (scoped) return withCsp(NextResponse.redirect(scoped));
  const headers = new Headers(req.headers);
  headers.set("Content-Security-Policy", csp);
  return withCsp(NextResponse.next({ request: { headers } }));
}

export const config = {
  // Every page. Not: route handlers (app/api: own session checks; v1, otel-steps, mcp: API keys;
  // JSON, they get the static headers of next.config.mjs) and Next's static assets.
  matcher: ["/((?!api/|v1/|mcp(?:/|$)|otel-steps(?:/|$)|_next/static/|_next/image|favicon\\.ico$|icon\\.svg$|logo\\.svg$|robots\\.txt$).*)"],
};
