import "server-only";
// Every ingestion endpoint by path, in one place for both ways a request reaches it: the route
// files under app/ (what `next dev` serves) and the server's direct path for ingestion
// (scripts/serve.mjs, bundled by scripts/build.mjs), which skips Next.js's request pipeline.
import { ingestRoute } from "@/lib/server/http";
import { ingestClaude, ingestMastra, ingestOpenclaw, ingestPi } from "./framework-handlers";
import { ingestCustom, ingestFeedback, ingestTraces } from "./handlers";
import { ingestOtelSteps } from "./otel-handlers";

const otelSteps = ingestRoute({ accept: ["protobuf", "json"], handle: ingestOtelSteps });

export const INGEST_ENDPOINTS = {
  "/v1/traces": ingestRoute({ accept: ["json", "protobuf"], handle: ingestTraces }),
  "/v1/custom": ingestRoute({ accept: ["json"], handle: ingestCustom }),
  "/v1/feedback": ingestRoute({ accept: ["json"], handle: ingestFeedback }),
  "/v1/otel-steps": otelSteps,
  // Older Python `contextcompany.litellm` builds posted without the /v1 prefix.
  "/otel-steps": otelSteps,
  "/v1/mastra": ingestRoute({ accept: ["json"], handle: ingestMastra }),
  "/v1/claude": ingestRoute({ accept: ["json"], handle: ingestClaude }),
  "/v1/pi": ingestRoute({ accept: ["json"], handle: ingestPi }),
  "/v1/openclaw": ingestRoute({ accept: ["json"], handle: ingestOpenclaw }),
} as const satisfies Record<string, (req: Request) => Promise<Response>>;
