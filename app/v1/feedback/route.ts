import { ingestRoute } from "@/lib/server/http";
import { ingestFeedback } from "@/lib/server/ingest/handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["json"], handle: ingestFeedback });
