"use client";
// Renders untrusted text (prompts, tool arguments, attributes) as text, never as HTML: every
// value goes through React text nodes. Long values are capped with "Show all"; JSON is
// pretty-printed and lightly coloured.
import { useMemo, useState } from "react";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";
import { formatBytes } from "./format";

const CAP = 8_000;
const HIGHLIGHT_LIMIT = 60_000;

/** Pretty JSON when `text` is a JSON object/array (or a value), else null. */
export function prettyJson(value: unknown): string | null {
  if (typeof value === "string") {
    const t = value.trim();
    if (!t || (t[0] !== "{" && t[0] !== "[")) return null;
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch {
      return null;
    }
  }
  if (value === undefined) return null;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return null;
  }
}

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(json: string) {
  const out: React.ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const m of json.matchAll(TOKEN)) {
    const i = m.index ?? 0;
    if (i > last) out.push(json.slice(last, i));
    if (m[1]) {
      out.push(
        <span key={key++} className={m[2] ? "text-sky-800" : "text-emerald-700"}>
          {m[1]}
        </span>,
      );
      if (m[2]) out.push(m[2]);
    } else if (m[3])
      out.push(
        <span key={key++} className="text-accent-700">
          {m[3]}
        </span>,
      );
    else
      out.push(
        <span key={key++} className="text-amber-700">
          {m[4]}
        </span>,
      );
    last = i + m[0].length;
  }
  if (last < json.length) out.push(json.slice(last));
  return out;
}

export function TextBlock({
  value,
  json = "auto",
  className,
  maxHeight = "max-h-96",
  label,
}: {
  value: unknown;
  /** "auto": pretty-print when the value parses as JSON. */
  json?: "auto" | "never";
  className?: string;
  maxHeight?: string;
  label?: string;
}) {
  const [all, setAll] = useState(false);
  const { text, isJson } = useMemo(() => {
    const pretty = json === "auto" ? prettyJson(value) : null;
    if (pretty !== null) return { text: pretty, isJson: true };
    return { text: typeof value === "string" ? value : value == null ? "" : String(value), isJson: false };
  }, [value, json]);
  const capped = !all && text.length > CAP;
  const shown = capped ? text.slice(0, CAP) : text;
  const body = isJson && shown.length <= HIGHLIGHT_LIMIT ? highlight(shown) : shown;
  return (
    <div className={cn("group relative rounded-md border border-zinc-200 bg-zinc-50", className)} aria-label={label}>
      <div className="absolute right-1 top-1 opacity-0 transition-opacity group-hover:opacity-100">
        <CopyButton text={text} label={label ? `Copy ${label}` : "Copy"} />
      </div>
      <pre className={cn("overflow-auto whitespace-pre-wrap break-words px-2.5 py-2 font-mono text-xs leading-5 text-zinc-800", !all && maxHeight)}>
        {text === "" ? <span className="text-zinc-500">(empty)</span> : body}
        {capped ? <span className="text-zinc-500">…</span> : null}
      </pre>
      {text.length > CAP ? (
        <button
          type="button"
          onClick={() => setAll((a) => !a)}
          className="focus-ring w-full border-t border-zinc-200 py-1 text-2xs font-medium text-accent-700 hover:bg-zinc-100"
        >
          {all ? "Show less" : `Show all (${formatBytes(new TextEncoder().encode(text).length)})`}
        </button>
      ) : null}
    </div>
  );
}
