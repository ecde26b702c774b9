import { INGEST_ENDPOINTS } from "@/lib/server/ingest/endpoints";

export const dynamic = "force-dynamic";
export const POST = INGEST_ENDPOINTS["/v1/pi"];
