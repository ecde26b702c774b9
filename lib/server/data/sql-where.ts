// A tiny builder for parameterised WHERE clauses ($1, $2, … in order of use).
import { FilterError } from "@/lib/validations/list-params";

export class SqlWhere {
  readonly params: unknown[] = [];
  private readonly conds: string[] = [];
  /** Conditions only a GIN index answers (jsonb / array containment); see listRuns. */
  private readonly containment: string[] = [];

  /** Adds a value and returns its placeholder. */
  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  add(cond: string): this {
    this.conds.push(cond);
    return this;
  }

  /** Adds a containment condition (`@>` on jsonb or an array). */
  addContainment(cond: string): this {
    this.containment.push(cond);
    return this;
  }

  get hasContainment(): boolean {
    return this.containment.length > 0;
  }

  sql({ containment = true }: { containment?: boolean } = {}): string {
    const all = containment ? [...this.conds, ...this.containment] : this.conds;
    return all.length ? all.join(" AND ") : "TRUE";
  }
}

/** Keyset cursors are opaque to clients: base64url of [sort value, id]. */
export function encodeCursor(v: string, id: string): string {
  return Buffer.from(JSON.stringify([v, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { v: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    // Both values reach PostgreSQL as text: a forged cursor with a NUL or a lone surrogate is refused here.
    const usable = (v: unknown): v is string => typeof v === "string" && !v.includes("\u0000") && v.isWellFormed();
    if (Array.isArray(parsed) && parsed.length === 2 && usable(parsed[0]) && usable(parsed[1])) {
      return { v: parsed[0], id: parsed[1] };
    }
  } catch {
    /* fall through */
  }
  throw new FilterError("cursor is not valid; pass the nextCursor value of a previous page unchanged.");
}

/** A cursor's time value: an ISO 8601 UTC instant as produced by encodeCursor, nothing looser. */
export function isCursorInstant(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v));
}
