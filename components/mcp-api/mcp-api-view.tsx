// The MCP & API page: this instance's URLs, read keys (the Settings card, read keys only), MCP
// client set-up and tools, a curl example per endpoint, and the OpenAPI document rendered.
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Snippet } from "@/components/ui/empty-state";
import { KeyValues } from "@/components/ui/key-values";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysCard } from "@/components/settings/api-keys-card";
import { openApiDocument } from "@/lib/openapi/document";
import { ENDPOINTS } from "@/lib/openapi/endpoints";
import { curlExample, mcpClientSnippets } from "@/lib/openapi/examples";
import { listApiKeys } from "@/lib/server/data/api-keys";
import { canManageProject } from "@/lib/server/data/projects";
import { TOOLS } from "@/lib/server/mcp/tools";
import { requireViewer } from "@/lib/server/session";
import { publicBaseUrl } from "@/lib/server/shell-data";
import { OpenApiView } from "./openapi-view";

function Url({ url }: { url: string }) {
  return (
    <span className="inline-flex items-center gap-1 font-mono">
      {url}
      <CopyButton text={url} label={`Copy ${url}`} />
    </span>
  );
}

export async function McpApiView() {
  const viewer = await requireViewer();
  const projectId = viewer.project.id;
  const [keys, canManage, baseUrl] = await Promise.all([
    listApiKeys(viewer.sql, projectId),
    canManageProject(viewer.sql, projectId, viewer.user),
    publicBaseUrl(),
  ]);
  const doc = openApiDocument(baseUrl);
  return (
    <div className="space-y-3 p-4">
      <PageHeader
        title="MCP & API"
        description={`Let coding agents and scripts read project ${viewer.project.name}: the MCP server and the REST API, with a read key.`}
      />
      <Card>
        <CardHeader title="This instance" />
        <CardBody>
          <KeyValues
            items={[
              ["MCP server", <Url key="mcp" url={`${baseUrl}/mcp`} />],
              ["REST API", <Url key="rest" url={`${baseUrl}/v1`} />],
              ["OpenAPI document", <Url key="openapi" url={`${baseUrl}/v1/openapi.json`} />],
              ["SDK base URL (TCC_BASE_URL)", <Url key="sdk" url={baseUrl} />],
            ]}
          />
        </CardBody>
      </Card>
      <ApiKeysCard keys={keys} canManage={canManage} baseUrl={baseUrl} only="read" />
      <Card>
        <CardHeader title="MCP server" />
        <CardBody className="space-y-3">
          <p className="text-xs text-zinc-600">
            Streamable HTTP at <span className="font-mono">{baseUrl}/mcp</span>, authenticated with{" "}
            <span className="font-mono">Authorization: Bearer &lt;read key&gt;</span>. Every tool takes an optional agent (name or slug) and a time window (
            <span className="font-mono">range</span> or <span className="font-mono">from</span>/<span className="font-mono">to</span>, the last day by default);
            lists page with a cursor and long texts are truncated with a marker.
          </p>
          <div className="grid gap-x-3 lg:grid-cols-2">
            {mcpClientSnippets(baseUrl).map((s) => (
              <div key={s.client}>
                <div className="mb-1 text-xs">
                  <span className="font-medium text-zinc-800">{s.client}</span> <span className="text-zinc-500">· {s.where}</span>
                </div>
                <Snippet title={s.client} code={s.code} />
              </div>
            ))}
          </div>
          <table className="w-full text-left text-xs" aria-label="MCP tools">
            <thead className="border-b border-zinc-200 text-zinc-500">
              <tr>
                <th className="py-1.5 pr-3 font-medium">Tool</th>
                <th className="py-1.5 font-medium">What it answers</th>
              </tr>
            </thead>
            <tbody>
              {TOOLS.map((t) => (
                <tr key={t.name} className="align-top">
                  <td className="py-1 pr-3 font-mono text-zinc-900">{t.name}</td>
                  <td className="py-1 text-zinc-600">{t.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="REST API examples" />
        <CardBody>
          <p className="mb-3 text-xs text-zinc-600">
            Set <span className="font-mono">SIGHTLINE_READ_KEY</span> to a read key (and <span className="font-mono">TCC_API_KEY</span> to an ingestion key for
            the ingestion endpoints). Lists need a time window: <span className="font-mono">range=5m|1h|1d|2w|1M|2M</span> or{" "}
            <span className="font-mono">from</span>/<span className="font-mono">to</span>.
          </p>
          <div className="grid gap-x-3 lg:grid-cols-2">
            {ENDPOINTS.map((e) => (
              <Snippet key={`${e.method} ${e.path}`} title={`${e.method.toUpperCase()} ${e.path} · ${e.summary}`} code={curlExample(e, baseUrl)} />
            ))}
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="OpenAPI 3.1"
          actions={
            <a className="text-xs text-accent-700 hover:underline" href="/v1/openapi.json" target="_blank" rel="noreferrer">
              openapi.json
            </a>
          }
        />
        <CardBody>
          <OpenApiView doc={doc} />
        </CardBody>
      </Card>
    </div>
  );
}
