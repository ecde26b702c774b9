// Prisma describes the schema (prisma/schema.prisma) and writes migrations (`npm run db:diff`, i.e.
// `prisma migrate diff`, which needs no database); the app itself runs plain SQL and has no Prisma
// client. Prisma 6.19 with the JavaScript schema engine: no native engine download, so the CLI works
// offline. That engine needs a driver adapter: an in-memory PGlite, so any CLI command that does
// want a database gets a throwaway one instead of touching user data. Migrations are applied by
// lib/db/migrate.ts at start-up.
import { defineConfig, type PrismaConfig } from "prisma/config";

type Adapter = Awaited<ReturnType<Extract<PrismaConfig, { engine: "js" }>["adapter"]>>;

// The schema's datasource reads DATABASE_URL; migrate diff never connects, so a placeholder
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
    return new PrismaPGlite(new PGlite()) as unknown as Adapter;
  },
});
