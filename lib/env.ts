// Environment variables, validated once. Every variable is documented in .env.example.
import path from "node:path";
import { z } from "zod";

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  DATABASE_URL: optional.refine((v) => !v || /^postgres(ql)?:\/\//.test(v), {
    message: "DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database)",
  }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // An empty value means "unset" (e.g. `SIGHTLINE_DATA_DIR= npm start`), never the current directory.
  SIGHTLINE_DATA_DIR: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : "./.data")),
  SIGHTLINE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  // Read by lib/http/body-budget.mjs (also from scripts/serve.mjs), which holds the defaults (64 MB
  // on PostgreSQL, 32 MB on the embedded database); validated here so that a bad value stops the
  // start instead of silently falling back to the default.
  SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1024 * 1024, { message: "SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT must be at least 1048576 (1 MiB)" })
    .optional(),
  // Read by the embedded database's thread (lib/db/pglite-worker.mjs): PostgreSQL's shared_buffers.
  SIGHTLINE_PGLITE_SHARED_BUFFERS: optional.refine((v) => !v || /^\d+(kB|MB|GB)$/.test(v), {
    message: "SIGHTLINE_PGLITE_SHARED_BUFFERS must be a size such as 32MB",
  }),
  SIGHTLINE_INIT_PROJECT: optional,
  SIGHTLINE_INIT_INGEST_KEY: optional,
  SIGHTLINE_INIT_READ_KEY: optional,
  SIGHTLINE_INIT_ADMIN_EMAIL: optional.refine((v) => !v || /.+@.+/.test(v), {
    message: "SIGHTLINE_INIT_ADMIN_EMAIL must be an email address",
  }),
  SIGHTLINE_INIT_ADMIN_PASSWORD: optional.refine((v) => !v || v.length >= 8, {
    message: "SIGHTLINE_INIT_ADMIN_PASSWORD must be at least 8 characters",
  }),
  SIGHTLINE_PUBLIC_URL: optional,
  // Read by scripts/serve.mjs: behind a reverse proxy, the client address (sign-in throttling) is
  // the last X-Forwarded-For hop instead of the connection's.
  SIGHTLINE_TRUST_PROXY: z.enum(["true", "false", "1", "0", "yes", "no"], { message: "SIGHTLINE_TRUST_PROXY must be true or false" }).optional(),
  NEXTAUTH_SECRET: optional,
  NEXTAUTH_URL: optional,
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  SIGHTLINE_OAUTH_ALLOWED_DOMAINS: optional,
  PORT: z.coerce.number().int().default(3000),
  SIGHTLINE_INSIGHTS_ENGINE: z.enum(["on", "off"], { message: "SIGHTLINE_INSIGHTS_ENGINE must be on or off" }).default("on"),
  SIGHTLINE_INSIGHTS_IDLE_S: z.coerce.number().int().min(0).max(86_400).default(120),
  SIGHTLINE_TOPICS_RECLUSTER_H: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(24),
  SIGHTLINE_RECAP_TIME_ZONE: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : "UTC"))
    .refine((v) => validTimeZone(v), { message: "SIGHTLINE_RECAP_TIME_ZONE must be an IANA time zone such as UTC, Europe/Paris or America/New_York" }),
  SIGHTLINE_RECAP_SETTLE_S: z.coerce.number().int().min(0).max(86_400).default(600),
  SIGHTLINE_RECAP_WEBHOOK_URL: optional.refine((v) => !v || /^https?:\/\//.test(v), { message: "SIGHTLINE_RECAP_WEBHOOK_URL must be an http(s):// URL" }),
  SIGHTLINE_LLM_BASE_URL: optional.refine((v) => !v || /^https?:\/\//.test(v), { message: "SIGHTLINE_LLM_BASE_URL must be an http(s):// URL" }),
  SIGHTLINE_LLM_API_KEY: optional,
  SIGHTLINE_LLM_MODEL: optional,
  SIGHTLINE_LLM_EMBEDDING_MODEL: optional,
  SIGHTLINE_LLM_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  SIGHTLINE_MCP_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(120),
});

export type Env = z.infer<typeof schema>;

let cached: Env | null = null;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}\nSee .env.example for every variable.`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = null;
}

export function dataDir(): string {
  const dir = env().SIGHTLINE_DATA_DIR;
  return dir === ":memory:" ? dir : path.resolve(dir);
}
