import { ingestRoute } from "@/lib/server/http";
import { ingestTraces } from "@/lib/server/ingest/handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["json", "protobuf"], handle: ingestTraces });
