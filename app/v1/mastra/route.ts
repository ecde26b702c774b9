import { ingestRoute } from "@/lib/server/http";
import { ingestMastra } from "@/lib/server/ingest/framework-handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["json"], handle: ingestMastra });
