// What the server's direct ingestion path (scripts/serve.mjs) loads, bundled by scripts/build.mjs:
// the ingestion endpoints, and the start-up that opens the database and applies migrations.
export { INGEST_ENDPOINTS } from "@/lib/server/ingest/endpoints";
export { printBanner, sightline } from "@/lib/server/sightline";
