// What sign-in and session checks write to the log. A forged session cookie or an aborted
// upload to /api/auth/* is an event anyone can repeat without signing in; NextAuth's own logger
// wrote a ~15-line stack trace for each. Here each event is one line, and the same event again
// within a minute is counted and summarised in one line when the minute ends.

export interface SummarisingLog {
  /** Writes `line` unless an event of the same `kind` was written in the current window. */
  event(kind: string, line: string): void;
  /** Writes the pending summaries now (tests; the timers do it otherwise). */
  flush(): void;
}

export function summarisingLog(write: (line: string) => void, windowMs = 60_000): SummarisingLog {
  const open = new Map<string, { repeats: number; timer: ReturnType<typeof setTimeout> }>();
  const close = (kind: string) => {
    const w = open.get(kind);
    if (!w) return;
    clearTimeout(w.timer);
    open.delete(kind);
    if (w.repeats > 0) write(`[sightline] ${kind}: ${w.repeats} more in the last ${Math.round(windowMs / 1000)} s (not logged one by one)`);
  };
  return {
    event(kind, line) {
      const w = open.get(kind);
      if (w) {
        w.repeats++;
        return;
      }
      const timer = setTimeout(() => close(kind), windowMs);
      timer.unref?.();
      open.set(kind, { repeats: 0, timer });
      write(`[sightline] ${kind}: ${oneLine(line)}`);
    },
    flush() {
      for (const kind of [...open.keys()]) close(kind);
    },
  };
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 300);

/** The message of what NextAuth hands its logger: an Error, `{ error, … }` or `{ message }`. */
export function messageOf(metadata: unknown): string {
  if (metadata instanceof Error) return metadata.message;
  const m = metadata as { error?: unknown; message?: unknown } | null | undefined;
  if (m?.error instanceof Error) return m.error.message;
  if (typeof m?.message === "string") return m.message;
  return typeof metadata === "string" ? metadata : "";
}

const authLog = summarisingLog((line) => console.error(line));

/** NextAuth's `logger` option: errors and warnings as summarised single lines, no debug output. */
export const nextAuthLogger = {
  error(code: string, metadata: unknown) {
    authLog.event(`auth ${code}`, messageOf(metadata) || code);
  },
  warn(code: string) {
    authLog.event(`auth warning ${code}`, code);
  },
  debug() {},
};

/** A request to /api/auth/* whose client went away mid-body: one summarised line, no stack. */
export function logAbortedAuthRequest(path: string) {
  authLog.event("auth request aborted", `the client closed the connection before ${path} was read`);
}
