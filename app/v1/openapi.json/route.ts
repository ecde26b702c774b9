// The OpenAPI 3.1 document of this instance's API. Public: it describes the API, not a project's data.
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  const e = env();
  const base = (e.SIGHTLINE_PUBLIC_URL ?? e.NEXTAUTH_URL ?? new URL(req.url).origin).replace(/\/+$/, "");
  return Response.json(openApiDocument(base), { headers: { "cache-control": "no-cache" } });
}
