import { describe, expect, it } from "vitest";
import { MESSAGE_GROUPS } from "@/tests/fixtures/failures/messages";
import { categorize, errorClass, errorCode } from "./classify";
import { firstLine, parameterize, templateParts } from "./parameterize";
import { computeSignature, failureSignature, NO_MESSAGE, SIGNATURE_RE } from "./signature";

const sig = (g: (typeof MESSAGE_GROUPS)[number], message: string) => failureSignature({ kind: g.kind, tool: g.tool ?? null, message });

describe("failure signatures on real messages", () => {
  it("has a table of at least 40 real messages", () => {
    expect(MESSAGE_GROUPS.flatMap((g) => g.variants).length).toBeGreaterThanOrEqual(40);
    expect(new Set(MESSAGE_GROUPS.map((g) => g.id)).size).toBe(MESSAGE_GROUPS.length);
  });

  it.each(MESSAGE_GROUPS.map((g) => [g.id, g] as const))("%s: every variant falls in one group", (_id, g) => {
    const templates = g.variants.map((v) => sig(g, v).template);
    expect(new Set(templates), templates.join("\n")).toHaveProperty("size", 1);
    expect(new Set(g.variants.map((v) => sig(g, v).signature)).size).toBe(1);
  });

  it("never puts two different errors in one group", () => {
    const owner = new Map<string, string>();
    for (const g of MESSAGE_GROUPS) {
      const s = sig(g, g.variants[0]!).signature;
      expect(owner.get(s), `${g.id} shares ${s} with ${owner.get(s)}`).toBeUndefined();
      owner.set(s, g.id);
    }
    expect(owner.size).toBe(MESSAGE_GROUPS.length);
  });

  it.each(MESSAGE_GROUPS.map((g) => [g.id, g] as const))("%s: category", (_id, g) => {
    for (const v of g.variants) expect(sig(g, v).category).toBe(g.category);
  });
});

describe("parameterize", () => {
  it.each([
    ["timeout of 5000ms exceeded", "timeout of <duration> exceeded"],
    ["connect ECONNREFUSED 127.0.0.1:5432", "connect ECONNREFUSED <ip>:<int>"],
    ["connect ECONNREFUSED ::1:5432", "connect ECONNREFUSED <ip>:<int>"],
    ["listen EADDRINUSE: address already in use :::3000", "listen EADDRINUSE: address already in use :::<int>"],
    ["user ada@example.com not allowed", "user <email> not allowed"],
    ["GET https://api.example.com/v1/users/42?x=1 failed", "GET <url> failed"],
    ["getaddrinfo ENOTFOUND api.weather.example.com", "getaddrinfo ENOTFOUND <host>"],
    ["run 3f1c0a7e-5b2d-4e8f-9a1b-c2d3e4f5a6b7 lost", "run <uuid> lost"],
    ["object at 0x7f3b2c1d4e50 closed", "object at <hex> closed"],
    ["commit 9fceb02d0ae598e95dc970b74767f19372d61af8 missing", "commit <hex> missing"],
    ["expired at 2026-11-30T08:14:02Z", "expired at <date>"],
    ["took 2.5 seconds", "took <duration>"],
    ["Limit 30000, Used 29512", "Limit <int>, Used <int>"],
    ["score -0.25 too low", "score <float> too low"],
    ["key='abc' flag=true", "key=<quoted> flag=<bool>"],
    ["open '/var/app/data/x.json'", "open '<path>'"],
    ["request id req_011CUaTj8mXr2Vt9P4kLqWzB", "request id <id>"],
    ["Order A1043 not found", "Order <id> not found"],
    ["Request failed with status code 404", "Request failed with status code 404"],
    ["[429 Too Many Requests] slow down", "[429 Too Many Requests] slow down"],
    ["worker exited with code 137", "worker exited with code 137"],
    ["E11000 duplicate key error collection: app.users", "E11000 duplicate key error collection: app.users"],
    ["traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "traceparent <traceparent>"],
    ["model gpt-4o-mini refused", "model gpt-4o-mini refused"],
    ["Foo::bar failed", "Foo::bar failed"],
  ])("%s", (input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it("takes the exception line of a Python traceback and the first line otherwise", () => {
    expect(firstLine("Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n    x()\nKeyError: 'a'")).toBe("KeyError: 'a'");
    expect(firstLine("\n\n  TypeError: x is not a function\n    at f (a.js:1:2)")).toBe("TypeError: x is not a function");
  });

  it("stays fast and bounded on hostile input", () => {
    const hostile = ["a:".repeat(50_000), "1.".repeat(50_000), "/a".repeat(50_000), "x".repeat(200_000), "0:".repeat(30_000) + "\n".repeat(1000)];
    const t0 = performance.now();
    for (const h of hostile) {
      const s = failureSignature({ kind: "run", message: h });
      expect(s.signature).toMatch(SIGNATURE_RE);
      expect(s.template.length).toBeLessThanOrEqual(1000);
    }
    // Generous for a shared CI machine; a catastrophic pattern would take seconds.
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("splits a template into text and markers", () => {
    expect(templateParts("took <duration> at <ip>:<int>")).toEqual([
      { text: "took ", placeholder: false },
      { text: "<duration>", placeholder: true },
      { text: " at ", placeholder: false },
      { text: "<ip>", placeholder: true },
      { text: ":", placeholder: false },
      { text: "<int>", placeholder: true },
    ]);
    expect(templateParts("<b>not a marker</b>")).toEqual([{ text: "<b>not a marker</b>", placeholder: false }]);
  });
});

describe("error class, code and category", () => {
  it.each([
    ["litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached", "litellm.RateLimitError"],
    ["TypeError: Cannot read properties of undefined (reading 'map')", "TypeError"],
    ["boom: something", null],
    ["[GoogleGenerativeAI Error]: Candidate was blocked due to SAFETY", null],
    ["Error code: 429 - {}", null],
  ])("class of %s", (line, cls) => expect(errorClass(line)).toBe(cls));

  it.each([
    ["Error code: 429 - {'error': {'type': 'tokens', 'code': 'rate_limit_exceeded'}}", "rate_limit_exceeded"],
    ['400 {"type":"error","error":{"type":"invalid_request_error","message":"bad"}}', "400"],
    ['{"type":"error","error":{"type":"invalid_request_error"}}', "invalid_request_error"],
    ["Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}", "overloaded_error"],
    ["connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"],
    ["ERROR: could not serialize access (SQLSTATE 40001)", "40001"],
    ["Request failed with status code 404", "404"],
    ["500 The server had an error", "500"],
    ["deadlock detected", null],
  ])("code of %s", (line, code) => expect(errorCode(line)).toBe(code));

  it("gives a category to a message without any rule match", () => {
    expect(categorize("something odd happened", null)).toBe("other");
    expect(categorize("503 Service Unavailable", "503")).toBe("server_error");
    expect(categorize("HTTP 418 I'm a teapot", "418")).toBe("other");
  });

  it("hashes kind, tool, class, code and the template, and marks a missing message", () => {
    const a = failureSignature({ kind: "tool_call", tool: "search", message: "boom" });
    expect(failureSignature({ kind: "tool_call", tool: "fetch", message: "boom" }).signature).not.toBe(a.signature);
    expect(failureSignature({ kind: "step", tool: "search", message: "boom" }).tool).toBeNull();
    expect(failureSignature({ kind: "run", message: null }).template).toBe(NO_MESSAGE);
    expect(a.signature).toMatch(SIGNATURE_RE);
  });
});

describe("memo", () => {
  it("returns the computed signature for repeats and never mixes up a tool with its message", () => {
    const a = failureSignature({ kind: "tool_call", tool: "a", message: "b:c" });
    expect(failureSignature({ kind: "tool_call", tool: "a", message: "b:c" })).toBe(a);
    expect(a).toEqual(computeSignature({ kind: "tool_call", tool: "a", message: "b:c" }));
    const b = failureSignature({ kind: "tool_call", tool: "a:1:b", message: "c" });
    expect(b.tool).toBe("a:1:b");
    expect(b.signature).not.toBe(a.signature);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
