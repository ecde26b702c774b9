import { readRoute } from "@/lib/server/http";
import { apiExportRuns } from "@/lib/server/read-api";

export const dynamic = "force-dynamic";
export const GET = readRoute(apiExportRuns);
