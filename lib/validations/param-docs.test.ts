import { describe, expect, it } from "vitest";
import * as lists from "./lists";
import { PARAM_DESCRIPTIONS } from "./param-docs";

describe("PARAM_DESCRIPTIONS", () => {
  it("describes every parameter of every list (the OpenAPI document and MCP tools show them)", () => {
    const missing: string[] = [];
    for (const [name, value] of Object.entries(lists)) {
      if (!value || typeof value !== "object" || !("params" in value)) continue;
      for (const p of (value as { params: Array<{ name: string }> }).params) if (!PARAM_DESCRIPTIONS[p.name]) missing.push(`${name}.${p.name}`);
    }
    expect(missing).toEqual([]);
  });

  it("documents each kind with what it accepts", () => {
    const docs = Object.fromEntries(lists.RUN_LIST.params.map((p) => [p.name, p.doc]));
    expect(docs.range).toEqual({ type: "enum", values: ["5m", "1h", "1d", "2w", "1M", "2M"] });
    expect(docs.agent).toEqual({ type: "string" });
    expect(docs.conversational).toEqual({ type: "boolean" });
    expect(docs.status).toEqual({ type: "enum", values: ["success", "error"] });
    expect(docs.limit).toEqual({ type: "integer", minimum: 1, maximum: 100, default: 20 });
  });
});
