import { describe, expect, it } from "vitest";
import { prefixedCarrier, reservedCarrier, resolveMetadata } from "./metadata";

describe("resolveMetadata: the tcc.* rules", () => {
  it("reads the 8 reserved keys and keeps them out of custom metadata", () => {
    const m = resolveMetadata({
      "tcc.runId": "r1",
      "tcc.sessionId": "s1",
      "tcc.conversational": "true",
      "tcc.agent": "support-bot",
      "tcc.userId": "u1",
      "tcc.userName": "Jane",
      "tcc.orgId": "o1",
      "tcc.orgName": "Acme",
      plan: "pro",
    });
    expect(m).toEqual({
      runId: "r1",
      sessionId: "s1",
      conversational: true,
      agent: "support-bot",
      userId: "u1",
      userName: "Jane",
      orgId: "o1",
      orgName: "Acme",
      custom: { plan: "pro" },
    });
  });

  it("drops unknown tcc.* keys entirely (never custom metadata)", () => {
    const m = resolveMetadata({ "tcc.foo": "x", "TCC.Bar": "y", "tcc.": "z", other: "kept" });
    expect(m.custom).toEqual({ other: "kept" });
  });

  it("drops userName without userId and orgName without orgId", () => {
    const m = resolveMetadata({ "tcc.userName": "Jane", "tcc.orgName": "Acme" });
    expect(m.userName).toBeNull();
    expect(m.orgName).toBeNull();
    expect(m.custom).toEqual({});
  });

  it.each(["runs", "Runs", " overview ", "mcp-and-api", "settings", "users", "v1", "login", "otel-steps"])(
    "drops the agent name %j that collides with a reserved route, keeping the rest",
    (agent) => {
      const m = resolveMetadata({ "tcc.agent": agent, "tcc.userId": "u1" });
      expect(m.agent).toBeNull();
      expect(m.userId).toBe("u1");
    },
  );

  it("keeps an agent whose slug is free, trimmed", () => {
    expect(resolveMetadata({ "tcc.agent": "  Support Bot " }).agent).toBe("Support Bot");
    expect(resolveMetadata({ "tcc.agent": "runs-bot" }).agent).toBe("runs-bot");
  });

  it('accepts conversational as true/"true"/false/"false" and ignores anything else', () => {
    expect(resolveMetadata({ "tcc.conversational": true }).conversational).toBe(true);
    expect(resolveMetadata({ "tcc.conversational": "TRUE" }).conversational).toBe(true);
    expect(resolveMetadata({ "tcc.conversational": "false" }).conversational).toBe(false);
    expect(resolveMetadata({ "tcc.conversational": false }).conversational).toBe(false);
    expect(resolveMetadata({ "tcc.conversational": "yes" }).conversational).toBeNull();
    expect(resolveMetadata({ "tcc.conversational": 1 }).conversational).toBeNull();
  });

  it("accepts the snake_case run and session id aliases", () => {
    const m = resolveMetadata({ "tcc.run_id": "r2", "tcc.session_id": "s2" });
    expect([m.runId, m.sessionId]).toEqual(["r2", "s2"]);
  });

  it("lets the first carrier win, for reserved and custom keys", () => {
    const m = resolveMetadata({ "tcc.sessionId": "top", k: "first" }, { "tcc.sessionId": "meta", k: "second", j: "x" });
    expect(m.sessionId).toBe("top");
    expect(m.custom).toEqual({ k: "first", j: "x" });
  });

  it("skips empty values so a later carrier can provide them", () => {
    expect(resolveMetadata({ "tcc.userId": "  " }, { "tcc.userId": "u9" }).userId).toBe("u9");
  });

  it("reads a nested tcc object as tcc.* keys (LangChain metadata)", () => {
    const m = resolveMetadata({ tcc: { runId: "r3", sessionId: "s3", secret: "dropped" }, env: "prod" });
    expect(m).toMatchObject({ runId: "r3", sessionId: "s3", custom: { env: "prod" } });
  });

  it("stores non-string custom values as text", () => {
    const m = resolveMetadata({ n: 3, b: false, arr: ["a", 1], obj: { x: 1 }, nothing: null });
    expect(m.custom).toEqual({ n: "3", b: "false", arr: '["a",1]', obj: '{"x":1}' });
  });

  it("never throws on odd carriers", () => {
    expect(() => resolveMetadata(null, undefined, {}, { "tcc.userId": { nested: true } })).not.toThrow();
    expect(resolveMetadata({ "tcc.userId": { nested: true } }).userId).toBeNull();
  });
});

describe("carriers", () => {
  it("prefixedCarrier strips an attribute prefix (ai.telemetry.metadata.*)", () => {
    expect(prefixedCarrier({ "ai.telemetry.metadata.tcc.userId": "u", "ai.model.id": "m", "ai.telemetry.metadata.": "x" }, "ai.telemetry.metadata.")).toEqual({
      "tcc.userId": "u",
    });
  });

  it("reservedCarrier keeps only reserved keys of plain span attributes", () => {
    expect(reservedCarrier({ "tcc.runId": "r", "tcc.span.type": "tool", "http.method": "GET" })).toEqual({ "tcc.runId": "r" });
  });
});
