// Any other /api address: a JSON 404, as the routes under app/api answer, instead of the
// dashboard's HTML 404 page (a client of app/api/ui parses every answer as JSON).
import { errorResponse } from "@/lib/server/http";

export const dynamic = "force-dynamic";

function notFound(req: Request): Response {
  return errorResponse(404, "not_found", `There is no endpoint at ${new URL(req.url).pathname}.`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
