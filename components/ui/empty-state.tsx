import { Inbox } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";

/** A centred message for a list with nothing to show. */
export function EmptyState({
  icon,
  title,
  description,
  children,
  className,
}: {
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-12 text-center", className)}>
      <div className="mb-3 flex size-9 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">{icon ?? <Inbox className="size-4" />}</div>
      <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
      {description ? <p className="mt-1 max-w-md text-xs text-zinc-500">{description}</p> : null}
      {children ? <div className="mt-4 w-full max-w-2xl text-left">{children}</div> : null}
    </div>
  );
}

export function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <div className="mb-3 overflow-hidden rounded-md border border-zinc-200 bg-zinc-950">
      <div className="flex items-center justify-between border-b border-zinc-800 px-3 py-1">
        <span className="text-2xs font-medium uppercase tracking-wide text-zinc-400">{title}</span>
        <CopyButton text={code} label={`Copy ${title}`} className="text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100" />
      </div>
      <pre tabIndex={0} className="focus-ring overflow-x-auto px-3 py-2 font-mono text-xs leading-5 text-zinc-100">
        {code}
      </pre>
    </div>
  );
}

/**
 * The empty state of every list: how to send a first run. `baseUrl` is where this Sightline is
 * reachable (publicBaseUrl in lib/server/shell-data.ts), so the snippet works as pasted.
 */
export function FirstRunEmptyState({ baseUrl, title = "No runs yet" }: { baseUrl: string; title?: string }) {
  const env = `TCC_API_KEY=<your ingestion key>   # printed at first start, or: npm run keys -- create ingest\nTCC_BASE_URL=${baseUrl}`;
  const otel = `// instrumentation.ts (Next.js + AI SDK)\nimport { registerOTelTCC } from "@contextcompany/otel/nextjs";\n\nexport function register() {\n  registerOTelTCC();\n}\n\n// then, on each AI SDK call:\n// experimental_telemetry: { isEnabled: true, metadata: { "tcc.agent": "support-bot", "tcc.userId": user.id } }`;
  const curl = `curl -X POST ${baseUrl}/v1/custom \\\n  -H "Authorization: Bearer $TCC_API_KEY" -H "Content-Type: application/json" \\\n  -d '{"type":"run","run_id":"'$(uuidgen)'","prompt":{"user_prompt":"Hello"},"response":"Hi!","metadata":{"tcc.agent":"my-agent"}}'`;
  return (
    <EmptyState
      title={title}
      description="Point any TCC SDK (TypeScript or Python) or an OpenTelemetry exporter at this Sightline: set two environment variables, run your agent, and runs appear here within seconds."
    >
      <Snippet title="Environment" code={env} />
      <Snippet title="TypeScript (AI SDK)" code={otel} />
      <Snippet title="Or any language (curl)" code={curl} />
    </EmptyState>
  );
}
