"use client";
// API keys of the current project: create (the secret is shown once), list by prefix, revoke.
// Settings shows every key; the MCP & API page shows read keys only (`only="read"`).
import { unstable_rethrow } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { createApiKeyAction, revokeApiKeyAction, type ActionState } from "@/lib/actions/settings";
import type { ApiKeyDto } from "@/lib/server/data/api-keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Snippet } from "@/components/ui/empty-state";
import { formatRelative } from "@/components/ui/format";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { keyUsageSnippet } from "./key-snippet";

export function ApiKeysCard({ keys: allKeys, canManage, baseUrl, only }: { keys: ApiKeyDto[]; canManage: boolean; baseUrl: string; only?: "read" }) {
  const keys = only ? allKeys.filter((k) => k.kind === only) : allKeys;
  const [state, create, creating] = useActionState<ActionState, FormData>(createApiKeyAction, null);
  const [revoking, startRevoke] = useTransition();
  // The revoke action's refusal (key already revoked elsewhere, admin rights lost, …) is shown, not dropped.
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const revoke = (k: ApiKeyDto) =>
    startRevoke(async () => {
      try {
        const result = await revokeApiKeyAction(k.id);
        setRevokeError(result && !result.ok ? `Could not revoke "${k.name}": ${result.error ?? "unknown error"}` : null);
      } catch (err) {
        unstable_rethrow(err); // Next.js's own control flow (the redirect of an expired session)
        setRevokeError(`Could not revoke "${k.name}": the server did not answer. Reload the page and try again.`);
      }
    });

  return (
    <Card>
      <CardHeader title={only ? "Read keys" : "API keys"} />
      <CardBody className="space-y-3">
        <p className="text-xs text-zinc-600">
          {only ? null : (
            <>
              Ingestion keys send telemetry (<code className="font-mono">TCC_API_KEY</code>);{" "}
            </>
          )}
          read keys read the REST API and the MCP server and cannot write. Keys are stored hashed: a key is shown once, when it is created.
        </p>
        {canManage ? (
          <form action={create} className="flex flex-wrap items-end gap-2">
            {only ? (
              <input type="hidden" name="kind" value={only} />
            ) : (
              <div>
                <Label htmlFor="key-kind">Kind</Label>
                <Select id="key-kind" name="kind" defaultValue="ingest" className="w-40">
                  <option value="ingest">Ingestion key</option>
                  <option value="read">Read key</option>
                </Select>
              </div>
            )}
            <div className="min-w-56 flex-1">
              <Label htmlFor="key-name">Name</Label>
              <Input id="key-name" name="name" placeholder="e.g. production agents" maxLength={100} required />
            </div>
            <Button type="submit" variant="primary" size="md" disabled={creating}>
              {creating ? "Creating…" : "Create key"}
            </Button>
          </form>
        ) : (
          <p className="text-xs text-zinc-500">Only an admin of this project can create or revoke keys.</p>
        )}
        <FieldError>{state && !state.ok ? state.error : null}</FieldError>
        {state?.ok && state.key ? (
          <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2">
            <p className="mb-2 text-xs font-medium text-amber-900">{state.message}</p>
            <Snippet title="Your new key" code={state.key} />
            <Snippet {...keyUsageSnippet(state.kind ?? "ingest", state.key, baseUrl)} />
          </div>
        ) : null}
        <FieldError>{revokeError}</FieldError>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <thead className="border-b border-zinc-200 text-zinc-500">
              <tr>
                <th className="py-1.5 pr-3 font-medium">Name</th>
                <th className="py-1.5 pr-3 font-medium">Kind</th>
                <th className="py-1.5 pr-3 font-medium">Key</th>
                <th className="py-1.5 pr-3 font-medium">Created</th>
                <th className="py-1.5 pr-3 font-medium">Last used</th>
                <th className="py-1.5 font-medium" />
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 ? (
                <tr>
                  <td colSpan={6} className="py-3 text-center text-zinc-500">
                    {only ? "No read key yet: create one to use the REST API or the MCP server." : "No key yet."}
                  </td>
                </tr>
              ) : null}
              {keys.map((k) => (
                <tr key={k.id} className={k.revokedAt ? "text-zinc-500" : "text-zinc-800"}>
                  <td className="py-1.5 pr-3">{k.name}</td>
                  <td className="py-1.5 pr-3">
                    <Badge tone={k.kind === "ingest" ? "blue" : "neutral"}>{k.kind === "ingest" ? "ingestion" : "read"}</Badge>
                  </td>
                  <td className="py-1.5 pr-3 font-mono">{k.prefix}</td>
                  <td className="py-1.5 pr-3 tabular">{formatRelative(k.createdAt)}</td>
                  <td className="py-1.5 pr-3 tabular">{k.lastUsedAt ? formatRelative(k.lastUsedAt) : "never"}</td>
                  <td className="py-1.5 text-right">
                    {k.revokedAt ? (
                      <Badge tone="neutral">revoked</Badge>
                    ) : canManage ? (
                      <Button
                        variant="danger"
                        size="xs"
                        disabled={revoking}
                        aria-label={`Revoke ${k.name}`}
                        onClick={() => {
                          if (window.confirm(`Revoke "${k.name}"? SDKs using it stop being accepted within 30 seconds.`)) {
                            revoke(k);
                          }
                        }}
                      >
                        Revoke
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </CardBody>
    </Card>
  );
}
