import { readRoute } from "@/lib/server/http";
import { apiListSessions } from "@/lib/server/read-api";

export const dynamic = "force-dynamic";
export const GET = readRoute(apiListSessions);
