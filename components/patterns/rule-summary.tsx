// A user-defined pattern's rule in words: "any of: prompt contains the words refund, chargeback".
import { FIELD_LABELS, NUMBER_OPS, TEXT_OPS } from "./rule-draft";

type Node = Record<string, unknown> & { match?: "all" | "any"; conditions?: Node[] };

function describe(c: Node): string {
  const field = String(c.field);
  const label = FIELD_LABELS[field] ?? field;
  const subject = field === "metadata" ? `metadata "${String(c.key)}"` : label.toLowerCase();
  const op = String(c.op);
  let what: string;
  if (op === "contains_words") what = `contains any of the words ${(c.words as string[] | undefined)?.join(", ") ?? ""}`;
  else if (op === "empty" || op === "exists") what = op === "empty" ? "is empty" : "exists";
  else if (op in NUMBER_OPS) what = `${NUMBER_OPS[op]} ${String(c.value)}`;
  else what = `${TEXT_OPS[op] ?? op} ${JSON.stringify(c.value)}`;
  const extras = [c.caseSensitive ? "case-sensitive" : null, typeof c.minCount === "number" ? `at least ${c.minCount} times` : null].filter(Boolean);
  return `${c.not ? "not: " : ""}${subject} ${what}${extras.length ? ` (${extras.join(", ")})` : ""}`;
}

export function RuleSummary({ rule }: { rule: unknown }) {
  const r = rule as Node;
  return (
    <div className="text-xs text-zinc-700">
      <p className="mb-1">A run matches when {r.match === "all" ? "all" : "any"} of these hold:</p>
      <ul className="list-disc space-y-0.5 pl-5">
        {(r.conditions ?? []).map((c, i) =>
          c.conditions ? (
            <li key={i}>
              {c.match === "all" ? "all" : "any"} of:
              <ul className="list-[circle] pl-5">
                {c.conditions.map((cc, j) => (
                  <li key={j}>{describe(cc)}</li>
                ))}
              </ul>
            </li>
          ) : (
            <li key={i}>{describe(c)}</li>
          ),
        )}
      </ul>
    </div>
  );
}
