"use client";
// A step's input and output as a chat: system / user / assistant / tool, with tool calls and
// results as formatted JSON. Everything is rendered as text.
import { Wrench } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { TextBlock } from "@/components/ui/text-block";
import type { ChatMessage, ChatPart } from "@/lib/ingest/messages";

const ROLE_STYLE: Record<ChatMessage["role"], string> = {
  system: "border-zinc-300 bg-zinc-50",
  user: "border-sky-200 bg-sky-50/60",
  assistant: "border-accent-200 bg-accent-50/50",
  tool: "border-amber-200 bg-amber-50/60",
};

/** Messages beyond this many are folded (long agent loops), expandable on demand. */
const FOLD_AFTER = 40;

export function Chat({ value, emptyLabel = "(none)" }: { value: ChatMessage[] | string | null | undefined; emptyLabel?: string }) {
  const [all, setAll] = useState(false);
  if (value === null || value === undefined || value === "") return <p className="text-xs text-zinc-500">{emptyLabel}</p>;
  if (typeof value === "string") return <TextBlock value={value} />;
  const hidden = !all && value.length > FOLD_AFTER ? value.length - FOLD_AFTER : 0;
  // Keep the first message (usually the system prompt) and the latest ones.
  const shown = hidden ? [value[0]!, ...value.slice(value.length - FOLD_AFTER + 1)] : value;
  return (
    <ol className="space-y-2">
      {shown.map((m, i) => (
        <li key={i}>
          {hidden && i === 1 ? (
            <button
              type="button"
              onClick={() => setAll(true)}
              className="focus-ring mb-2 w-full rounded border border-dashed border-zinc-300 py-1 text-2xs text-zinc-500 hover:bg-zinc-50"
            >
              Show {hidden} earlier messages
            </button>
          ) : null}
          <Message message={m} />
        </li>
      ))}
    </ol>
  );
}

function Message({ message }: { message: ChatMessage }) {
  return (
    <div className={cn("rounded-md border px-2.5 py-2", ROLE_STYLE[message.role])} data-role={message.role}>
      <div className="mb-1 flex items-center gap-1.5 text-2xs font-semibold uppercase tracking-wide text-zinc-500">
        {message.role}
        {message.name ? <span className="font-mono normal-case text-zinc-500">{message.name}</span> : null}
      </div>
      <div className="space-y-1.5">
        {message.parts.length ? message.parts.map((p, i) => <Part key={i} part={p} />) : <span className="text-xs text-zinc-500">(empty)</span>}
      </div>
    </div>
  );
}

function Part({ part }: { part: ChatPart }) {
  switch (part.type) {
    case "text":
      return <LongText text={part.text} />;
    case "reasoning":
      return (
        <details className="text-xs text-zinc-600">
          <summary className="cursor-pointer text-2xs font-medium text-zinc-500">Reasoning</summary>
          <LongText text={part.text} />
        </details>
      );
    case "tool_call":
      return (
        <div data-testid="tool-call">
          <div className="mb-1 flex items-center gap-1.5 text-xs font-medium text-zinc-800">
            <Wrench className="size-3 text-amber-600" aria-hidden />
            <span className="font-mono">{part.name}</span>
            {part.id ? <span className="font-mono text-2xs text-zinc-500">{part.id}</span> : null}
          </div>
          <TextBlock value={part.arguments} label={`${part.name} arguments`} />
        </div>
      );
    case "tool_result":
      return (
        <div>
          <div className="mb-1 text-2xs font-medium text-zinc-500">
            Result{part.name ? <span className="font-mono"> of {part.name}</span> : null}
            {part.isError ? <span className="ml-1 text-red-600">(error)</span> : null}
          </div>
          <TextBlock value={part.content} label="tool result" />
        </div>
      );
    case "media":
      return (
        <div className="text-xs text-zinc-500">
          [{part.mediaType ?? "media"}] {part.description}
        </div>
      );
  }
}

const TEXT_CAP = 6_000;

function LongText({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  const long = text.length > TEXT_CAP;
  return (
    <div className="whitespace-pre-wrap break-words text-sm leading-5 text-zinc-900">
      {long && !all ? `${text.slice(0, TEXT_CAP)}…` : text}
      {long ? (
        <button type="button" onClick={() => setAll((a) => !a)} className="focus-ring ml-1 text-2xs font-medium text-accent-700 hover:underline">
          {all ? "Show less" : `Show all (${text.length.toLocaleString("en-US")} characters)`}
        </button>
      ) : null}
    </div>
  );
}
