import { ingestRoute } from "@/lib/server/http";
import { ingestOtelSteps } from "@/lib/server/ingest/otel-handlers";

export const dynamic = "force-dynamic";
export const POST = ingestRoute({ accept: ["protobuf", "json"], handle: ingestOtelSteps });
