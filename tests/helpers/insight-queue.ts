import type { Sql } from "@/lib/db/sql";
import { processBatch } from "@/lib/server/insights/engine";

/** Runs the insight engine's batches until its queue is empty (as the engine would in the background). */
export async function drainInsightQueue(sql: Sql): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await processBatch(sql, { batchSize: 50, idleSeconds: 3600 });
    if (r.analysed + r.failed === 0) return;
  }
  throw new Error("the insight queue did not drain");
}
