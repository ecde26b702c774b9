"use client";
// "New pattern" and "Edit pattern": name, description, scope, agent, a rule (all/any of
// conditions, built row by row, or as JSON for nested groups) and the backfill window. The server
// validates and answers one message per problem, shown next to the form.
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { savePatternAction } from "@/lib/actions/patterns";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import {
  CHOICES,
  draftProblems,
  emptyDraft,
  FIELD_LABELS,
  fieldKind,
  fromCondition,
  isFlat,
  MULTI_FIELDS,
  NUMBER_OPS,
  readableError,
  TEXT_OPS,
  toCondition,
  type ConditionDraft,
} from "./rule-draft";

export interface PatternFormInitial {
  id: string | null;
  name: string;
  description: string;
  scope: "conversational" | "all";
  agentSlug: string | null;
  rule: unknown;
}

const MAX_CONDITIONS = 20;

export function PatternForm({
  initial,
  agents,
  cancelHref,
}: {
  initial: PatternFormInitial;
  agents: Array<{ name: string; slug: string }>;
  cancelHref: string;
}) {
  const router = useRouter();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [scope, setScope] = useState(initial.scope);
  const [agentSlug, setAgentSlug] = useState(initial.agentSlug ?? "");
  const [backfillDays, setBackfillDays] = useState("30");
  const flat = initial.rule === null || isFlat(initial.rule);
  const [mode, setMode] = useState<"builder" | "json">(flat ? "builder" : "json");
  const [match, setMatch] = useState<"all" | "any">(flat && initial.rule ? (initial.rule as { match: "all" | "any" }).match : "any");
  const [rows, setRows] = useState<ConditionDraft[]>(
    flat && initial.rule ? (initial.rule as { conditions: Record<string, unknown>[] }).conditions.map(fromCondition) : [emptyDraft()],
  );
  const [json, setJson] = useState(initial.rule ? JSON.stringify(initial.rule, null, 2) : "");
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, start] = useTransition();

  const builderRule = () => ({ match, conditions: rows.map(toCondition) });
  const update = (i: number, patch: Partial<ConditionDraft>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function switchMode(next: "builder" | "json") {
    setErrors([]);
    if (next === "json") {
      setJson(JSON.stringify(builderRule(), null, 2));
      setMode("json");
      return;
    }
    try {
      const parsed: unknown = JSON.parse(json);
      if (!isFlat(parsed)) return setErrors(["The builder edits conditions without nested groups; keep editing this rule as JSON."]);
      setMatch(parsed.match);
      setRows(parsed.conditions.map(fromCondition));
      setMode("builder");
    } catch {
      setErrors(["The JSON does not parse; fix it before switching to the builder."]);
    }
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    let rule: unknown;
    if (mode === "json") {
      try {
        rule = JSON.parse(json);
      } catch (err) {
        return setErrors([`The rule is not valid JSON: ${(err as Error).message}`]);
      }
    } else {
      const problems = draftProblems(rows);
      if (problems.length) return setErrors(problems);
      rule = builderRule();
    }
    const days = Number(backfillDays);
    if (backfillDays.trim() === "" || !Number.isInteger(days)) return setErrors(["Backfill: enter a whole number of days (0 for none)."]);
    setErrors([]);
    start(async () => {
      const res = await savePatternAction({ id: initial.id, name, description, scope, agentSlug: agentSlug || null, rule, backfillDays: days });
      if (!res.ok) {
        setErrors(res.error.split("\n").map(readableError));
        return;
      }
      router.push(`/patterns/${encodeURIComponent(res.id)}`);
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label={initial.id ? "Edit pattern" : "New pattern"}>
      <Card>
        <CardBody className="grid gap-3 md:grid-cols-2">
          <div>
            <Label htmlFor="p-name">Name</Label>
            <Input id="p-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder="e.g. Refund requests" />
          </div>
          <div>
            <Label htmlFor="p-agent">Agent</Label>
            <Select id="p-agent" value={agentSlug} onChange={(e) => setAgentSlug(e.target.value)}>
              <option value="">Every agent</option>
              {agents.map((a) => (
                <option key={a.slug} value={a.slug}>
                  {a.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="md:col-span-2">
            <Label htmlFor="p-description">Description</Label>
            <Textarea id="p-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} rows={2} />
          </div>
          <div>
            <Label htmlFor="p-scope">Runs looked at</Label>
            <Select id="p-scope" value={scope} onChange={(e) => setScope(e.target.value as "conversational" | "all")}>
              <option value="conversational">Conversational runs only (user insights)</option>
              <option value="all">All runs</option>
            </Select>
          </div>
          <div>
            <Label htmlFor="p-backfill">Look back over past runs (days)</Label>
            <Input id="p-backfill" type="number" min={0} max={400} value={backfillDays} onChange={(e) => setBackfillDays(e.target.value)} />
          </div>
        </CardBody>
      </Card>
      <Card>
        <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5">
          <div className="flex items-center gap-2 text-xs text-zinc-700">
            <span className="font-semibold uppercase tracking-wide text-zinc-500">Rule</span>
            {mode === "builder" ? (
              <>
                a run matches when
                <Select aria-label="Match" className="h-7 w-20" value={match} onChange={(e) => setMatch(e.target.value as "all" | "any")}>
                  <option value="any">any</option>
                  <option value="all">all</option>
                </Select>
                of these hold
              </>
            ) : null}
          </div>
          <Button size="xs" variant="ghost" onClick={() => switchMode(mode === "builder" ? "json" : "builder")}>
            {mode === "builder" ? "Edit as JSON" : "Use the builder"}
          </Button>
        </div>
        <CardBody className="space-y-2">
          {mode === "json" ? (
            <Textarea aria-label="Rule as JSON" className="font-mono text-xs" rows={14} value={json} onChange={(e) => setJson(e.target.value)} />
          ) : (
            <>
              {rows.map((r, i) => (
                <ConditionRow
                  key={i}
                  index={i}
                  row={r}
                  onChange={(patch) => update(i, patch)}
                  onRemove={rows.length > 1 ? () => setRows((rs) => rs.filter((_, j) => j !== i)) : null}
                />
              ))}
              <Button size="xs" onClick={() => setRows((rs) => [...rs, emptyDraft()])} disabled={rows.length >= MAX_CONDITIONS}>
                <Plus className="size-3" aria-hidden /> Add condition
              </Button>
            </>
          )}
        </CardBody>
      </Card>
      {errors.length ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-700">
          <p className="font-medium">The pattern was not saved:</p>
          <ul className="mt-1 list-disc pl-4">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : initial.id ? "Save and re-run" : "Create pattern"}
        </Button>
        <ButtonLink href={cancelHref} variant="ghost">
          Cancel
        </ButtonLink>
        <span className="text-2xs text-zinc-500">New runs are checked as they arrive; past runs of the chosen days are backfilled.</span>
      </div>
    </form>
  );
}

function ConditionRow({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number;
  row: ConditionDraft;
  onChange: (patch: Partial<ConditionDraft>) => void;
  onRemove: (() => void) | null;
}) {
  const kind = fieldKind(row.field);
  const ops = kind === "number" ? NUMBER_OPS : kind === "choice" ? { equals: "is" } : kind === "metadata" ? { ...TEXT_OPS, exists: "exists" } : TEXT_OPS;
  const n = index + 1;
  return (
    <div className="flex flex-wrap items-center gap-1.5 rounded-md border border-zinc-200 px-2 py-1.5" data-condition={n}>
      <span className="w-5 text-2xs tabular text-zinc-500">{n}</span>
      <label className="flex items-center gap-1 text-2xs text-zinc-600">
        <input type="checkbox" checked={row.not} onChange={(e) => onChange({ not: e.target.checked })} /> not
      </label>
      <Select
        aria-label={`Condition ${n} field`}
        className="h-7 w-36"
        value={row.field}
        onChange={(e) => {
          const fresh = emptyDraft(e.target.value);
          onChange({ field: fresh.field, op: fresh.op, value: fresh.value });
        }}
      >
        {Object.entries(FIELD_LABELS).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </Select>
      {kind === "metadata" ? (
        <Input
          aria-label={`Condition ${n} metadata key`}
          className="h-7 w-28"
          placeholder="key"
          value={row.key}
          onChange={(e) => onChange({ key: e.target.value })}
        />
      ) : null}
      <Select aria-label={`Condition ${n} operator`} className="h-7 w-44" value={row.op} onChange={(e) => onChange({ op: e.target.value })}>
        {Object.entries(ops).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </Select>
      {kind === "choice" ? (
        <Select aria-label={`Condition ${n} value`} className="h-7 w-32" value={row.value} onChange={(e) => onChange({ value: e.target.value })}>
          {CHOICES[row.field]!.map((c) => (
            <option key={c} value={c}>
              {c.replace("_", " ")}
            </option>
          ))}
        </Select>
      ) : row.op === "contains_words" ? (
        <Input
          aria-label={`Condition ${n} words`}
          className="h-7 min-w-48 flex-1"
          placeholder="refund, chargeback, money back"
          value={row.words}
          onChange={(e) => onChange({ words: e.target.value })}
        />
      ) : row.op !== "empty" && row.op !== "exists" ? (
        <Input
          aria-label={`Condition ${n} value`}
          className="h-7 min-w-48 flex-1"
          type={kind === "number" ? "number" : "text"}
          step="any"
          placeholder={row.op === "regex" ? "RE2 syntax, e.g. order #\\d+" : ""}
          value={row.value}
          onChange={(e) => onChange({ value: e.target.value })}
        />
      ) : null}
      {kind === "text" || kind === "metadata" ? (
        <label className="flex items-center gap-1 text-2xs text-zinc-600">
          <input type="checkbox" checked={row.caseSensitive} onChange={(e) => onChange({ caseSensitive: e.target.checked })} /> case-sensitive
        </label>
      ) : null}
      {MULTI_FIELDS.includes(row.field) ? (
        <Input
          aria-label={`Condition ${n} minimum count`}
          className="h-7 w-20"
          type="number"
          min={1}
          placeholder="times"
          title="How many values must match (default 1)"
          value={row.minCount}
          onChange={(e) => onChange({ minCount: e.target.value })}
        />
      ) : null}
      {onRemove ? (
        <Button size="xs" variant="ghost" onClick={onRemove} aria-label={`Remove condition ${n}`} className="ml-auto">
          <Trash2 className="size-3" aria-hidden />
        </Button>
      ) : null}
    </div>
  );
}
