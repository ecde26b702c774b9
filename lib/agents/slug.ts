import { createHash } from "node:crypto";
import { isReservedSlug } from "./reserved";

const MAX_SLUG = 64;

/** A URL-safe slug for an agent name: lowercase ASCII letters, digits and single dashes. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, "");
  if (base) return base;
  // Names with no ASCII letters or digits (e.g. "客服") still need a stable, distinct slug.
  return `agent-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/**
 * Whether an agent name may be used at all: its slug must not be a reserved route, compared after
 * trimming and case-folding so "Runs" or " runs " are dropped like "runs".
 */
export function isAllowedAgentName(name: string): boolean {
  const trimmed = name.trim();
  if (!trimmed) return false;
  return !isReservedSlug(trimmed) && !isReservedSlug(slugify(trimmed));
}

/** Candidate slugs for a name, for when a distinct name already took the plain slug. */
export function slugCandidates(name: string, count = 20): string[] {
  const base = slugify(name);
  const out = [base];
  for (let i = 2; i <= count; i++) out.push(`${base}-${i}`);
  out.push(`${base}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`);
  return out.filter((s) => !isReservedSlug(s));
}
