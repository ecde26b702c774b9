// A match's evidence: where it was seen and its snippet, the phrase that triggered it marked.
// Rendered as text (React escapes it); offsets come from the detectors and are clamped here.
import type { Evidence } from "@/lib/insights/patterns/types";
import { cn } from "@/components/ui/cn";

const SOURCE_LABEL: Record<string, string> = {
  turn: "user",
  response: "answer",
  tool_call: "tool call",
  feedback: "feedback",
  run: "run status",
};

export function EvidenceText({ text, highlight }: { text: string; highlight: [number, number] | null }) {
  if (!highlight) return <>{text}</>;
  const start = Math.max(0, Math.min(text.length, highlight[0]));
  const end = Math.max(start, Math.min(text.length, highlight[1]));
  return (
    <>
      {text.slice(0, start)}
      <mark className="rounded-sm bg-amber-200/80 px-0.5 text-zinc-900">{text.slice(start, end)}</mark>
      {text.slice(end)}
    </>
  );
}

export function EvidenceList({ evidence, className }: { evidence: Evidence[]; className?: string }) {
  if (!evidence.length) return null;
  return (
    <ul className={cn("space-y-1", className)}>
      {evidence.map((e, i) => (
        <li key={`${e.ref}-${i}`} className="flex gap-2 text-xs" data-evidence={e.source}>
          <span className="w-16 shrink-0 text-2xs font-medium uppercase tracking-wide text-zinc-500">{SOURCE_LABEL[e.source] ?? e.source}</span>
          <span className="min-w-0 whitespace-pre-wrap break-words text-zinc-700">
            <EvidenceText text={e.text} highlight={e.highlight} />
          </span>
        </li>
      ))}
    </ul>
  );
}
