// Prisma 6.19 with the JavaScript schema engine: no native engine download, so the CLI works offline.
// The CLI is only used for `prisma generate` and `prisma migrate diff` (no database needed); migrations
// are applied by lib/db/migrate.ts at start-up. The adapter below is an in-memory PGlite so any CLI
// command that does want a database gets a throwaway one instead of touching user data.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";

// The schema's datasource reads DATABASE_URL; generate and migrate diff never connect, so a placeholder
// lets them run on a machine with no database configured.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    // Typed against an older @prisma/driver-adapter-utils; the runtime interface matches.
    return new PrismaPGlite(new PGlite()) as unknown as SqlMigrationAwareDriverAdapterFactory;
  },
});
