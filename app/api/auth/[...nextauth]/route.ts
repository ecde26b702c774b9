import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { AUTH_BODY_LIMIT, bodySizeError } from "@/lib/http/body-limits.mjs";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx): Promise<Response> {
  // scripts/serve.mjs refuses these before Next.js reads them; this also bounds `next dev`.
  const tooLarge = bodySizeError(Object.fromEntries(req.headers), AUTH_BODY_LIMIT);
  if (tooLarge) return Response.json({ error: { code: tooLarge.code, message: tooLarge.message } }, { status: tooLarge.status });
  return NextAuth(req as never, ctx as never, await getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
