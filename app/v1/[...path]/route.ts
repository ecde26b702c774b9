// Any other /v1 address: a JSON 404 that names the real endpoints. Without it the dashboard's
// /{agent}/… pages matched "v1" as an agent and answered a sign-in redirect with an HTML page.
import { errorResponse } from "@/lib/server/http";

export const dynamic = "force-dynamic";

function notFound(req: Request): Response {
  return errorResponse(
    404,
    "not_found",
    `There is no endpoint at ${new URL(req.url).pathname}. Ingestion: POST /v1/traces, /v1/custom, /v1/feedback; ` +
      "REST API: GET /v1/runs, /v1/runs/{id}, /v1/sessions, /v1/sessions/{id}, /v1/patterns, /v1/patterns/{id}, /v1/tools, /v1/metrics, /v1/topics, /v1/recaps, /v1/recaps/current, /v1/search; " +
      "all of them: GET /v1/openapi.json.",
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
