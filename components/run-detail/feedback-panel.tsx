"use client";
import { MessageSquare, ThumbsDown, ThumbsUp } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { Textarea } from "@/components/ui/input";
import { submitRunFeedback } from "@/lib/actions/feedback";
import { FEEDBACK_TEXT_MAX } from "@/lib/ingest/feedback-limits";
import type { FeedbackDto } from "@/lib/server/data/feedback";

type Score = "thumbs_up" | "thumbs_down";

export function FeedbackPanel({ runId, feedback }: { runId: string; feedback: FeedbackDto[] }) {
  const [score, setScore] = useState<Score | null>(null);
  const [text, setText] = useState("");
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const canSend = (score !== null || text.trim() !== "") && text.length <= FEEDBACK_TEXT_MAX;
  const send = () =>
    start(async () => {
      setMessage(null);
      const r = await submitRunFeedback({ runId, score, text: text.trim() ? text : null });
      if (!r.ok) return setMessage({ tone: "error", text: r.error });
      setScore(null);
      setText("");
      setMessage({ tone: "ok", text: r.duplicate ? "Already recorded." : "Feedback recorded." });
    });
  const latestFirst = [...feedback].reverse();
  return (
    <Card>
      <CardHeader title={`Feedback${feedback.length ? ` (${feedback.length})` : ""}`} />
      <div className="space-y-2 p-3">
        <div className="flex items-center gap-1.5">
          <Button aria-label="Thumbs up" aria-pressed={score === "thumbs_up"} onClick={() => setScore(score === "thumbs_up" ? null : "thumbs_up")}>
            <ThumbsUp className="size-3.5" aria-hidden />
          </Button>
          <Button aria-label="Thumbs down" aria-pressed={score === "thumbs_down"} onClick={() => setScore(score === "thumbs_down" ? null : "thumbs_down")}>
            <ThumbsDown className="size-3.5" aria-hidden />
          </Button>
          <span className="text-2xs text-zinc-500">as you</span>
        </div>
        <div>
          <Textarea
            aria-label="Feedback text"
            placeholder="What was good or wrong about this run?"
            rows={3}
            maxLength={FEEDBACK_TEXT_MAX}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="mt-1 flex items-center justify-between">
            <span className={cn("text-2xs tabular", text.length >= FEEDBACK_TEXT_MAX ? "text-red-600" : "text-zinc-500")} aria-live="polite">
              {text.length} / {FEEDBACK_TEXT_MAX}
            </span>
            <Button variant="primary" size="xs" disabled={!canSend || pending} onClick={send}>
              {pending ? "Sending…" : "Send feedback"}
            </Button>
          </div>
          {message ? (
            <p
              role={message.tone === "error" ? "alert" : "status"}
              className={cn("mt-1 text-xs", message.tone === "error" ? "text-red-600" : "text-emerald-700")}
            >
              {message.text}
            </p>
          ) : null}
        </div>
        {latestFirst.length ? (
          <ul className="max-h-64 space-y-2 overflow-y-auto border-t border-zinc-100 pt-2" aria-label="Feedback on this run">
            {latestFirst.map((f) => (
              <li key={f.id} className="text-xs">
                <div className="flex items-center gap-1.5 text-zinc-500">
                  {f.score === "thumbs_up" ? (
                    <ThumbsUp className="size-3 text-emerald-600" aria-label="thumbs up" />
                  ) : f.score === "thumbs_down" ? (
                    <ThumbsDown className="size-3 text-red-600" aria-label="thumbs down" />
                  ) : (
                    <MessageSquare className="size-3" aria-hidden />
                  )}
                  <span className="font-medium text-zinc-700">{f.author ?? (f.source === "api" ? "API" : "dashboard")}</span>
                  <time dateTime={f.createdAt} title={formatDateTime(f.createdAt)} suppressHydrationWarning>
                    {formatRelative(f.createdAt)}
                  </time>
                </div>
                {f.text ? <p className="mt-0.5 whitespace-pre-wrap break-words text-zinc-800">{f.text}</p> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
