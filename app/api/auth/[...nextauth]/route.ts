import NextAuth from "next-auth";
import { logAbortedAuthRequest } from "@/lib/auth/auth-log";
import { getAuthOptions } from "@/lib/auth/options";
import { AUTH_BODY_LIMIT, bodySizeError } from "@/lib/http/body-limits.mjs";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx): Promise<Response> {
  // scripts/serve.mjs refuses these before Next.js reads them; this also bounds `next dev`.
  const tooLarge = bodySizeError(Object.fromEntries(req.headers), AUTH_BODY_LIMIT);
  if (tooLarge) return Response.json({ error: { code: tooLarge.code, message: tooLarge.message } }, { status: tooLarge.status });
  try {
    return await (NextAuth(req as never, ctx as never, await getAuthOptions()) as Promise<Response>);
  } catch (err) {
    // The client went away mid-body: nobody reads the answer, and its stack trace is noise that
    // anyone could repeat without signing in.
    if (req.signal.aborted || /aborted|ECONNRESET|terminated/i.test(`${(err as Error)?.message} ${(err as { code?: string })?.code}`)) {
      logAbortedAuthRequest(new URL(req.url).pathname);
      return Response.json({ error: { code: "incomplete_body", message: "The connection closed before the whole request body arrived." } }, { status: 400 });
    }
    throw err;
  }
}

export { handler as GET, handler as POST };
