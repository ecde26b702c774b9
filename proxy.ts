// A fast, optimistic gate in front of the dashboard: a request without a session cookie is sent
// to /login before anything renders. It only checks that a cookie is present; the dashboard
// layout, every page's data access and every server action verify the session for real
// (lib/server/session.ts), so a forged cookie gets nothing.
import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie } from "@/lib/auth/session-cookie";

export function proxy(req: NextRequest) {
  if (hasSessionCookie(req.cookies.getAll().map((c) => c.name))) return NextResponse.next();
  const login = new URL("/login", req.url);
  const back = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  if (back !== "/") login.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except sign-in, route handlers (app/api: own session checks; v1, otel-steps: API
  // keys), and Next's assets.
  matcher: ["/((?!(?:login|setup|otel-steps)(?:/|$)|api/|v1/|_next/|favicon\\.ico$|robots\\.txt$).*)"],
};
