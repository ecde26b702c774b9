// What the server's direct ingestion path (scripts/serve.mjs) loads, bundled by scripts/build.mjs:
// the ingestion endpoints, the start-up that opens the database and applies migrations, the stop
// that closes it, and the repair of paths Next.js cannot decode.
export { INGEST_ENDPOINTS } from "@/lib/server/ingest/endpoints";
export { printBanner, sightline, stopSightline } from "@/lib/server/sightline";
export { escapeMalformedPath } from "@/lib/urls/malformed-path";
