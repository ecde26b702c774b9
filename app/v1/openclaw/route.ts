import { ingestRoute } from "@/lib/server/http";
import { ingestOpenclaw } from "@/lib/server/ingest/framework-handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["json"], handle: ingestOpenclaw });
