import "server-only";
// Framework ingestion endpoints: validate and map the payload (lib/ingest/frameworks), then store
// it idempotently. 2xx only after the store's transaction committed.
import { claudeToBatch } from "@/lib/ingest/frameworks/claude";
import { mastraToBatch } from "@/lib/ingest/frameworks/mastra";
import { openclawToBatch } from "@/lib/ingest/frameworks/openclaw";
import { piToBatch } from "@/lib/ingest/frameworks/pi";
import type { IngestBatch } from "@/lib/ingest/model";
import type { IngestContext } from "../http";
import { storeBatch } from "./write-queue";

function handler(toBatch: (body: unknown) => IngestBatch) {
  return async (ctx: IngestContext): Promise<Response> => {
    const result = await storeBatch(ctx.sql, ctx.projectId, toBatch(ctx.body));
    return Response.json({ ok: true, ...result });
  };
}

/** `POST /v1/mastra`: one Mastra trace from TCCMastraExporter. */
export const ingestMastra = handler(mastraToBatch);
/** `POST /v1/claude`: one Claude Agent SDK query() stream. */
export const ingestClaude = handler(claudeToBatch);
/** `POST /v1/pi`: one Pi agent run. */
export const ingestPi = handler(piToBatch);
/** `POST /v1/openclaw`: one OpenClaw turn's hook events. */
export const ingestOpenclaw = handler(openclawToBatch);
