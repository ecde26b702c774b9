// Error signatures on the write path: ingestion and the backfill sign each failed run, step and
// tool call in JavaScript (lib/insights/failures) from the text exactly as it is stored, so a
// row signed at ingestion and one signed later by the backfill get the same signature. The
// groups seen are handed to the write (p_failures), which inserts the ones that are new.
import { failureSignature, type FailureKind } from "@/lib/insights/failures/signature";
import { jsonText } from "@/lib/ingest/sanitize";

interface GroupRow {
  signature: string;
  kind: FailureKind;
  tool: string | null;
  category: string;
  error_class: string | null;
  code: string | null;
  template: string;
}

/** Collects the signatures of one write's failed items and the groups they belong to. */
export class FailureSigner {
  private readonly groups = new Map<string, GroupRow>();
  private readonly runs = new Set<string>();

  /** The signature of a failed item of run `runId`, from its stored message (and stored tool name). */
  sign(runId: string, kind: FailureKind, message: string | null, tool: string | null = null): string {
    this.runs.add(runId);
    const s = failureSignature({ kind, tool, message });
    if (!this.groups.has(s.signature)) {
      this.groups.set(s.signature, {
        signature: s.signature,
        kind: s.kind,
        tool: s.tool,
        category: s.category,
        error_class: s.errorClass,
        code: s.code,
        template: s.template,
      });
    }
    return s.signature;
  }

  /** The runs with a failed item signed (p_failure_runs). */
  runIds(): string[] {
    return [...this.runs];
  }

  /** The write's p_failures document: one row per distinct signature. */
  doc(): string {
    return this.groups.size ? (jsonText([...this.groups.values()]) ?? "[]") : "[]";
  }
}
