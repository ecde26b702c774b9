// Opens the configured database: PostgreSQL when DATABASE_URL is set, else the embedded PGlite
// database under SIGHTLINE_DATA_DIR (":memory:" for a throwaway one in tests).
import fs from "node:fs";
import path from "node:path";
import { openPgliteThread, type PgliteClient } from "./pglite-thread";
import { pgliteSql, pgSql, type Sql } from "./sql";

export interface Db {
  sql: Sql;
  kind: "postgres" | "pglite";
  /** Where the data lives, for humans: a redacted URL or a directory. */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "postgresql://…";
  }
}

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir ?? "./.data");
}

async function openPostgres(url: string, max: number): Promise<Db> {
  const pg = await import("pg");
  const pool = new pg.default.Pool({
    connectionString: url,
    max,
    // int8 as a number when it is safe, else a bigint: what PGlite returns, so both databases
    // hand the same values to the code above them.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === 20) {
          return (v: string) => {
            const n = Number(v);
            return Number.isSafeInteger(n) ? n : BigInt(v);
          };
        }
        return pg.default.types.getTypeParser(oid, format);
      }) as typeof pg.default.types.getTypeParser,
    },
  });
  pool.on("error", (err) => console.error("[sightline] PostgreSQL pool error:", err.message));
  const sql = pgSql(pool);
  return { sql, kind: "postgres", location: redact(url), close: () => sql.close() };
}

/** One process at a time may open an embedded database directory; a second would corrupt it. */
function lockDataDir(dir: string): () => void {
  const lockFile = path.join(dir, "sightline.lock");
  try {
    const other = Number(fs.readFileSync(lockFile, "utf8"));
    if (other && other !== process.pid) {
      try {
        process.kill(other, 0);
        throw new Error(
          `The embedded database in ${dir} is in use by another Sightline process (pid ${other}). ` +
            `Stop it, or set SIGHTLINE_DATA_DIR to another directory, or use DATABASE_URL for a shared PostgreSQL.`,
        );
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return release;
}

async function openPglite(dataDir: string): Promise<Db> {
  let release = () => {};
  let dir: string | undefined;
  if (dataDir !== ":memory:") {
    dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true });
    release = lockDataDir(dir);
  }
  let db: PgliteClient;
  try {
    db = await openPgliteThread(dir && path.join(dir, "pglite"));
  } catch (err) {
    release();
    throw err;
  }
  const sql = pgliteSql(db);
  return {
    sql,
    kind: "pglite",
    location: dir ?? "in memory",
    async close() {
      await sql.close();
      release();
    },
  };
}
