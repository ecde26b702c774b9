"use client";
// "Copy as Markdown" on a recap: the same Markdown as the REST `markdown` field.
import { Check, ClipboardCopy } from "lucide-react";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button";

export function CopyMarkdown({ markdown }: { markdown: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={buttonClass("secondary")}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(markdown);
            setState("copied");
          } catch {
            setState("failed");
          }
        }}
      >
        {state === "copied" ? <Check className="size-3.5 text-emerald-600" aria-hidden /> : <ClipboardCopy className="size-3.5" aria-hidden />}
        Copy as Markdown
      </button>
      <span role="status" className="text-2xs text-zinc-500">
        {state === "copied" ? "Copied." : state === "failed" ? "The browser refused the clipboard; select the Markdown below." : ""}
      </span>
    </span>
  );
}
