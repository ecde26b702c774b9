// A readable view of the OpenAPI document (the same object GET /v1/openapi.json serves): each
// operation with its parameters, body and answers. Everything is rendered as text.
import { Badge } from "@/components/ui/badge";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function typeOf(schema: Json | undefined): string {
  if (!schema) return "";
  if (schema.enum) return (schema.enum as string[]).join(" | ");
  if (schema.type === "integer" && schema.maximum !== undefined)
    return `integer ${schema.minimum}–${schema.maximum}${schema.default !== undefined ? ` (default ${schema.default})` : ""}`;
  return String(schema.type ?? "");
}

function Operation({ method, path, op }: { method: string; path: string; op: Json }) {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content as Record<string, { schema: Json }> | undefined;
  const security = (op.security?.[0] ? Object.keys(op.security[0])[0] : null) as string | null;
  return (
    <details className="group rounded-md border border-zinc-200" data-testid="openapi-operation">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-2 py-1.5 text-xs hover:bg-zinc-50">
        <Badge tone={method === "get" ? "blue" : "green"} className="w-12 justify-center uppercase">
          {method}
        </Badge>
        <span className="font-mono text-zinc-900">{path}</span>
        <span className="truncate text-zinc-500">{op.summary}</span>
        {security ? <span className="ml-auto shrink-0 text-2xs text-zinc-500">{security === "readKey" ? "read key" : "ingestion key"}</span> : null}
      </summary>
      <div className="space-y-2 border-t border-zinc-200 px-3 py-2 text-xs">
        {op.description ? <p className="whitespace-pre-line text-zinc-600">{op.description}</p> : null}
        {params.length ? (
          <table className="w-full text-left">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Parameter</th>
                <th className="py-1 pr-3 font-medium">In</th>
                <th className="py-1 pr-3 font-medium">Type</th>
                <th className="py-1 font-medium">Description</th>
              </tr>
            </thead>
            <tbody>
              {params.map((p) => (
                <tr key={`${p.in}:${p.name}`} className="align-top">
                  <td className="py-0.5 pr-3 font-mono text-zinc-900">
                    {p.name}
                    {p.required ? <span className="text-red-600">*</span> : null}
                  </td>
                  <td className="py-0.5 pr-3 text-zinc-500">{p.in}</td>
                  <td className="py-0.5 pr-3 font-mono text-zinc-700">{typeOf(p.schema)}</td>
                  <td className="py-0.5 text-zinc-600">{p.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {body ? (
          <div>
            <div className="mb-1 font-medium text-zinc-700">Body: {Object.keys(body).join(" or ")}</div>
            {Object.entries(body)
              .filter(([ct]) => ct === "application/json")
              .map(([ct, { schema }]) => (
                <details key={ct}>
                  <summary className="cursor-pointer text-zinc-500">{schema.description ?? "JSON schema"}</summary>
                  <pre className="mt-1 max-h-80 overflow-auto rounded bg-zinc-50 p-2 font-mono text-2xs text-zinc-800">{JSON.stringify(schema, null, 2)}</pre>
                </details>
              ))}
          </div>
        ) : null}
        <ul className="space-y-0.5">
          {Object.entries(op.responses as Record<string, Json>).map(([status, r]) => (
            <li key={status}>
              <span className={`font-mono ${status.startsWith("2") ? "text-emerald-700" : "text-zinc-500"}`}>{status}</span>{" "}
              <span className="text-zinc-600">{r.description}</span>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

export function OpenApiView({ doc }: { doc: Json }) {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const tags = (doc.tags as Array<{ name: string; description?: string }>).map((t) => t.name);
  return (
    <div className="space-y-3">
      {tags.map((tag) => (
        <section key={tag} aria-label={`OpenAPI ${tag}`}>
          <h3 className="mb-1.5 text-xs font-semibold text-zinc-700">{tag}</h3>
          <div className="space-y-1">
            {Object.entries(paths).flatMap(([path, ops]) =>
              Object.entries(ops)
                .filter(([, op]) => (op.tags as string[]).includes(tag))
                .map(([method, op]) => <Operation key={`${method} ${path}`} method={method} path={path} op={op} />),
            )}
          </div>
        </section>
      ))}
    </div>
  );
}
