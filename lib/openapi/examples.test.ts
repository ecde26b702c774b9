import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./endpoints";
import { curlExample, mcpClientSnippets } from "./examples";

const BASE = "https://sightline.example.com";
const byPath = (method: string, path: string) => ENDPOINTS.find((e) => e.method === method && e.path === path)!;

describe("curlExample", () => {
  it("reads with the read key, the instance's URL and the example query", () => {
    expect(curlExample(byPath("get", "/v1/runs"), BASE)).toBe(
      `curl -H "Authorization: Bearer $SIGHTLINE_READ_KEY" \\\n  "${BASE}/v1/runs?range=1d&status=error&limit=10"`,
    );
    expect(curlExample(byPath("get", "/v1/runs/{id}"), BASE)).toContain(`"${BASE}/v1/runs/$ID"`);
  });

  it("sends with the ingestion key, a JSON body quoted for the shell", () => {
    const cmd = curlExample(byPath("post", "/v1/custom"), BASE);
    expect(cmd).toContain(`curl -X POST "${BASE}/v1/custom"`);
    expect(cmd).toContain("Bearer $TCC_API_KEY");
    const body = /-d '(.*)'$/s.exec(cmd)![1]!;
    expect(JSON.parse(body)).toMatchObject({ type: "run", run_id: "run-123" });
    expect(curlExample(byPath("post", "/v1/traces"), BASE)).toContain("--data-binary @traces.pb");
  });

  it("has an example for every endpoint", () => {
    for (const e of ENDPOINTS) expect(curlExample(e, BASE)).toContain(BASE);
  });
});

describe("mcpClientSnippets", () => {
  it("points Claude Code, Cursor and VS Code at this instance's /mcp with a bearer key", () => {
    const s = mcpClientSnippets(BASE);
    expect(s.map((x) => x.client)).toEqual(["Claude Code", "Cursor", "VS Code", "Any client (curl)"]);
    expect(s[0]!.code).toBe(`claude mcp add --transport http sightline ${BASE}/mcp \\\n  --header "Authorization: Bearer $SIGHTLINE_READ_KEY"`);
    expect(JSON.parse(s[1]!.code).mcpServers.sightline).toEqual({ url: `${BASE}/mcp`, headers: { Authorization: "Bearer <your read key>" } });
    const vscode = JSON.parse(s[2]!.code);
    expect(vscode.servers.sightline).toMatchObject({ type: "http", url: `${BASE}/mcp` });
    expect(vscode.servers.sightline.headers.Authorization).toBe("Bearer ${input:sightline-read-key}");
    expect(vscode.inputs[0].id).toBe("sightline-read-key");
  });
});
