import { ingestRoute } from "@/lib/server/http";
import { ingestCustom } from "@/lib/server/ingest/handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["json"], handle: ingestCustom });
