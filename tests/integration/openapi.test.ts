// GET /v1/openapi.json: a valid OpenAPI 3.1 document that documents every route under app/v1
// (this test fails when a route is added without an entry in lib/openapi/endpoints.ts), with the
// parameters and bodies the routes validate with.
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { RUN_LIST } from "@/lib/validations/lists";
import { call } from "../helpers/routes";

const APP_V1 = path.resolve(__dirname, "../../app/v1");
let doc: any;

/** Every route under app/v1 as [METHOD, OpenAPI path], from the files and their exported handlers. */
function v1Routes(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (entry.name === "route.ts") {
        // The catch-all only answers 404s that name the real endpoints; the document itself is not an endpoint.
        if (segments.some((s) => s.startsWith("[..."))) continue;
        if (segments.join("/") === "openapi.json") continue;
        const src = fs.readFileSync(path.join(dir, entry.name), "utf8");
        const apiPath = "/v1/" + segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
          if (new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b|as ${m}\\b`).test(src)) out.push([m, apiPath]);
        }
      }
    }
  };
  walk(APP_V1, []);
  return out;
}

beforeAll(async () => {
  const res = await call("GET", "/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = await res.json();
});

describe("GET /v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.servers[0].url).toBe("http://localhost");
  });

  it("documents every route under app/v1", () => {
    const routes = v1Routes();
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const missing = routes.filter(([m, p]) => !doc.paths[p]?.[m.toLowerCase()]).map(([m, p]) => `${m} ${p}`);
    expect(missing, "add these to lib/openapi/endpoints.ts").toEqual([]);
    // And documents nothing that is not there.
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/v1/"))
      .flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(routes.map(([m, p]) => `${m} ${p}`).sort());
  });

  it("takes the list parameters from the list declarations", () => {
    const params = doc.paths["/v1/runs"].get.parameters as Array<{ name: string; schema: any; description: string }>;
    expect(params.map((p) => p.name)).toEqual(RUN_LIST.params.map((p) => p.name));
    const byName: Record<string, any> = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(byName.range.schema.enum).toEqual(["5m", "1h", "1d", "2w", "1M", "2M"]);
    expect(byName.feedback.schema.enum).toEqual(["thumbs_up", "thumbs_down", "any", "none"]);
    expect(byName.limit.schema).toEqual({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    expect(byName.conversational.schema.type).toBe("boolean");
    expect(params.every((p) => p.description.length > 5)).toBe(true);
    expect(doc.paths["/v1/runs"].get.description).toContain("metadata.<key>=<value>");
    expect(doc.paths["/v1/runs/{id}"].get.parameters[0]).toMatchObject({ name: "id", in: "path", required: true });
    expect(doc.paths["/v1/runs"].get.security).toEqual([{ readKey: [] }]);
  });

  it("takes request bodies from the routes' zod schemas", () => {
    const custom = doc.paths["/v1/custom"].post.requestBody.content["application/json"].schema;
    const runItem = JSON.stringify(custom);
    for (const field of ["run_id", "step_id", "tool_call_id", "batch", "items"]) expect(runItem).toContain(`"${field}"`);
    const feedback = doc.paths["/v1/feedback"].post.requestBody.content["application/json"].schema;
    expect(Object.keys(feedback.properties).sort()).toEqual(["runId", "score", "text"]);
    expect(JSON.stringify(feedback.properties.score)).toContain("thumbs_down");
    expect(doc.paths["/v1/claude"].post.requestBody.content["application/json"].schema.required).toEqual(["messages"]);
    expect(Object.keys(doc.paths["/v1/traces"].post.requestBody.content).sort()).toEqual(["application/json", "application/x-protobuf"]);
    expect(doc.paths["/v1/traces"].post.security).toEqual([{ ingestKey: [] }]);
  });
});
