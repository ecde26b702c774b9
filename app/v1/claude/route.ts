import { ingestRoute } from "@/lib/server/http";
import { ingestClaude } from "@/lib/server/ingest/framework-handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["json"], handle: ingestClaude });
