"use client";
// Detail of the run itself (the timeline's first row): prompt, response, system prompt, metadata
// and run attributes. Text was capped on the server; the full value loads on request.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextBlock } from "@/components/ui/text-block";
import type { RunHeaderDto, RunTextField } from "@/lib/server/data/run-detail";
import { AttributeTable, Section } from "./node-detail";

function FullText({
  runId,
  field,
  initial,
  truncated,
  label,
}: {
  runId: string;
  field: RunTextField;
  initial: string | null;
  truncated: boolean;
  label: string;
}) {
  const [text, setText] = useState<string | null>(initial);
  const [state, setState] = useState<"idle" | "loading" | "done" | "error">(truncated ? "idle" : "done");
  const load = async () => {
    setState("loading");
    const r = await fetch(`/api/ui/runs/${encodeURIComponent(runId)}/text?field=${field}`);
    if (!r.ok) return setState("error");
    setText(await r.text());
    setState("done");
  };
  return (
    <Section title={label}>
      {text !== null ? <TextBlock value={text} label={label} /> : state === "done" ? <p className="text-xs text-zinc-500">(none)</p> : null}
      {state !== "done" ? (
        <Button size="xs" variant={text === null ? "secondary" : "ghost"} className={text === null ? "" : "mt-1"} onClick={load} disabled={state === "loading"}>
          {state === "loading"
            ? "Loading…"
            : state === "error"
              ? "Could not load; retry"
              : initial === null
                ? `Load ${label.toLowerCase()}`
                : "Load the full text (truncated here)"}
        </Button>
      ) : null}
    </Section>
  );
}

export function RunOverview({ run }: { run: RunHeaderDto }) {
  const meta = Object.entries(run.metadata);
  return (
    <div className="space-y-3 p-3">
      {run.systemPrompt ? (
        <FullText runId={run.id} field="systemPrompt" initial={run.systemPrompt} truncated={run.truncated.systemPrompt} label="System prompt" />
      ) : null}
      <FullText runId={run.id} field="userPrompt" initial={run.userPrompt} truncated={run.truncated.userPrompt} label="Prompt" />
      <FullText runId={run.id} field="response" initial={run.response} truncated={run.truncated.response} label="Response" />
      {run.status === "error" && run.statusMessage ? (
        <Section title="Error">
          <TextBlock value={run.statusMessage} className="border-red-200 bg-red-50" label="error" />
        </Section>
      ) : null}
      {run.hasFullInput ? <FullText runId={run.id} field="fullInput" initial={null} truncated label="Full input" /> : null}
      {run.hasFullOutput ? <FullText runId={run.id} field="fullOutput" initial={null} truncated label="Full output" /> : null}
      <Section title={`Metadata (${meta.length})`}>
        {meta.length ? <AttributeTable attributes={run.metadata} /> : <p className="text-xs text-zinc-500">No custom metadata.</p>}
      </Section>
      {Object.keys(run.attributes).length ? (
        <Section title="Run attributes">
          <AttributeTable attributes={run.attributes} />
        </Section>
      ) : run.attributesOmitted ? (
        <Section title="Run attributes">
          <p className="text-xs text-zinc-500">Larger than 64 KB: not shown here; read them with GET /v1/runs/{run.id}.</p>
        </Section>
      ) : null}
    </div>
  );
}
