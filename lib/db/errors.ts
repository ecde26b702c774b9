// What a failed database statement means for the client that sent the request, from its SQLSTATE
// (PostgreSQL and PGlite both set `code`) or a Node.js connection error code. A database error is
// never a bare 500: a client must know whether to retry (the SDKs retry 5xx and 429, not 4xx).

export type DbErrorAnswer =
  | { status: 503; code: "unavailable"; retryAfterS: number; message: string }
  | { status: 413; code: "too_large_to_store"; message: string }
  | { status: 400; code: "invalid_value"; message: string };

const CONNECTION = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** The answer for a database error with this code, or null when it is not one (a bug: a 500). */
export function classifyDbError(code: string | undefined, message = ""): DbErrorAnswer | null {
  if (!code) return null;
  const cls = code.slice(0, 2);
  // 08 connection, 53 insufficient resources (out of memory, disk full, too many connections,
  // lock table full), 57 operator intervention (shutdown), 58 system I/O, 40 serialization or
  // deadlock, 55P03 lock not available, XX internal: another try, a little later, can succeed.
  if (CONNECTION.has(code) || ["08", "53", "57", "58", "40", "XX"].includes(cls) || code === "55P03") {
    return {
      status: 503,
      code: "unavailable",
      retryAfterS: cls === "53" ? 5 : 1,
      message: "The database is temporarily unable to store this request; retry it shortly.",
    };
  }
  // 54 program limit exceeded: one value or statement is beyond what the database stores in one piece.
  if (cls === "54") {
    return {
      status: 413,
      code: "too_large_to_store",
      message: `Part of this request is too large for the database to store (${message}); send smaller values or batches.`,
    };
  }
  // 22 data exception: a value the database cannot hold (out of range, bad encoding).
  if (cls === "22") return { status: 400, code: "invalid_value", message: `A value in this request cannot be stored: ${message}` };
  return null;
}
