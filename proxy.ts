// A fast, optimistic gate in front of the dashboard: a request without a session cookie is sent
// to /login before anything renders. It only checks that a cookie is present; the dashboard
// layout, every page's data access and every server action verify the session for real
// (lib/server/session.ts), so a forged cookie gets nothing.
import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie } from "@/lib/auth/session-cookie";

export function proxy(req: NextRequest) {
  // No id, agent or page name contains NUL, and PostgreSQL text cannot hold one: such a path
  // would reach a query and fail it (a 500), so it is simply not found.
  if (/%00/i.test(req.nextUrl.pathname) || req.nextUrl.pathname.includes("\0")) return new NextResponse("Not found", { status: 404 });
  if (hasSessionCookie(req.cookies.getAll().map((c) => c.name))) return NextResponse.next();
  const login = new URL("/login", req.url);
  const back = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  if (back !== "/") login.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except sign-in, route handlers (app/api: own session checks; v1, otel-steps, mcp:
  // API keys), and Next's assets.
  matcher: ["/((?!(?:login|setup|otel-steps|mcp)(?:/|$)|api/|v1/|_next/|favicon\\.ico$|robots\\.txt$).*)"],
};
