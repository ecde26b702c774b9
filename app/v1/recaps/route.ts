import { readRoute } from "@/lib/server/http";
import { apiListRecaps } from "@/lib/server/read-api";

export const dynamic = "force-dynamic";
export const GET = readRoute(apiListRecaps);
