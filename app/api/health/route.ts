// Liveness and readiness for deployments: 200 when the database answers, else 503.
import { pingDatabase } from "@/lib/server/data/settings";
import { sightline } from "@/lib/server/sightline";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { db } = await sightline();
    await pingDatabase(db.sql);
    return Response.json({ ok: true, database: db.kind });
  } catch (err) {
    return Response.json({ ok: false, error: { code: "database_unavailable", message: (err as Error).message } }, { status: 503 });
  }
}
