// Malformed OTLP on every OpenTelemetry endpoint gets a clear 4xx (or, for spans that cannot be
// stored, a 200 with OTLP partialSuccess), never a 500.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadFixture, toOtlpJson, toOtlpProtobuf } from "../fixtures/otel/otlp-fixture";
import { withInstalledProject } from "../helpers/db";
import { expectError as expectCodedError } from "../helpers/errors";
import { postRaw, rowCounts } from "./otel-helpers";

const s = withInstalledProject();

const PATHS = ["/v1/traces", "/v1/otel-steps", "/otel-steps"];
const auth = () => ({ authorization: `Bearer ${s.project.ingestKey}` });
const protobuf = () => ({ ...auth(), "content-type": "application/x-protobuf" });
const json = () => ({ ...auth(), "content-type": "application/json" });

async function expectError(res: Response, status: number, code: string, mentions: RegExp) {
  expect((await expectCodedError(res, status, code)).message).toMatch(mentions);
}

describe.each(PATHS)("%s", (path) => {
  it("rejects bytes that are not an OTLP protobuf message", async () => {
    await expectError(await postRaw(path, Buffer.from("not a protobuf at all"), protobuf()), 400, "invalid_protobuf", /ExportTraceServiceRequest/);
  });

  it("rejects a truncated protobuf message", async () => {
    const whole = toOtlpProtobuf(loadFixture("litellm-otel-steps"));
    await expectError(await postRaw(path, whole.subarray(0, whole.length - 7), protobuf()), 400, "invalid_protobuf", /protobuf/);
  });

  it("rejects a body that claims gzip but is not", async () => {
    await expectError(await postRaw(path, Buffer.from("garbage"), { ...protobuf(), "content-encoding": "gzip" }), 400, "invalid_encoding", /gzip/);
  });

  it("rejects gzip whose content is not protobuf", async () => {
    const res = await postRaw(path, zlib.gzipSync(Buffer.from("still not protobuf")), { ...protobuf(), "content-encoding": "gzip" });
    await expectError(res, 400, "invalid_protobuf", /protobuf/);
  });

  it("rejects an unsupported content type and says which ones work", async () => {
    await expectError(await postRaw(path, "hello", { ...auth(), "content-type": "text/plain" }), 415, "unsupported_content_type", /application\/x-protobuf/);
  });

  it("rejects JSON that is not parseable", async () => {
    await expectError(await postRaw(path, "{not json", json()), 400, "invalid_json", /JSON/);
  });

  it.each([{}, { resourceSpans: "nope" }, [], "text", null])("rejects JSON without a resourceSpans array: %j", async (body) => {
    await expectError(await postRaw(path, JSON.stringify(body), json()), 400, "invalid_otlp", /resourceSpans/);
  });

  it("answers spans it cannot store (bad ids, no start) with partialSuccess, storing the rest", async () => {
    const good = toOtlpJson(loadFixture("litellm-otel-steps")) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const spans = good.resourceSpans[0]!.scopeSpans[0]!.spans;
    spans.push({ ...spans[0], traceId: "xyz" }, { ...spans[0], spanId: "123" }, { ...spans[0], startTimeUnixNano: undefined });
    const res = await postRaw(path, JSON.stringify(good), json());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe(3);
    expect(body.partialSuccess.errorMessage).toMatch(/traceId must be 32 hex/);
  });

  it("rejects only a span whose attribute nests too deep, and stores one nested to the limit", async () => {
    // Written as text: JSON.stringify itself overflows on a value this deep.
    const nested = (levels: number) => {
      let v = '{"stringValue":"leaf"}';
      for (let i = 0; i < levels; i++) v = i % 2 ? `{"arrayValue":{"values":[${v}]}}` : `{"kvlistValue":{"values":[{"key":"k","value":${v}}]}}`;
      return v;
    };
    const body = toOtlpJson(loadFixture("litellm-otel-steps")) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans;
    const withValue = (spanId: string, marker: string) => ({
      ...spans[0],
      spanId,
      attributes: [...(spans[0]!.attributes as unknown[]), { key: "deep", value: { stringValue: marker } }],
    });
    const tag = String(PATHS.indexOf(path)).padStart(4, "0"); // span ids are hex
    const [deepId, limitId] = [`dee${tag}000000001`, `dee${tag}000000002`];
    // 5,000 levels overflowed the stack while decoding: a 500 for the whole request.
    spans.push(withValue(deepId, "@DEEP@"), withValue(limitId, "@LIMIT@"));
    const text = JSON.stringify(body).replace('{"stringValue":"@DEEP@"}', nested(5_000)).replace('{"stringValue":"@LIMIT@"}', nested(100));
    const res = await postRaw(path, text, json());
    expect(res.status).toBe(200);
    const out = (await res.json()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(out.partialSuccess.rejectedSpans).toBe(1);
    expect(out.partialSuccess.errorMessage).toMatch(/more than 100 levels deep/);
    const stored = await s.db.sql.query<{ span_id: string }>(`SELECT span_id FROM spans WHERE project_id = $1 AND span_id = ANY($2::text[])`, [
      s.project.projectId,
      [deepId, limitId],
    ]);
    expect(stored.map((r) => r.span_id)).toEqual([limitId]);
  });

  it("tolerates wrongly typed fields inside spans instead of failing", async () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: "x" },
          scopeSpans: [
            {
              scope: 7,
              spans: [
                {
                  traceId: "0123456789abcdef0123456789abcdef",
                  spanId: "0123456789abcdef",
                  name: 42,
                  startTimeUnixNano: "1784541600000000000",
                  status: "broken",
                  attributes: [
                    { key: "gen_ai.input.messages", value: { stringValue: '[{"role": 5}' } },
                    { key: 3 },
                    null,
                    { key: "x", value: { arrayValue: 1 } },
                  ],
                  events: 5,
                },
                "not a span",
              ],
            },
          ],
        },
      ],
    };
    const res = await postRaw(path, JSON.stringify(body), json());
    expect(res.status).toBe(200);
  });

  it("requires an ingestion key", async () => {
    await expectError(await postRaw(path, toOtlpProtobuf(loadFixture("agno")), { "content-type": "application/x-protobuf" }), 401, "missing_api_key", /Bearer/);
    await expectError(
      await postRaw(path, toOtlpProtobuf(loadFixture("agno")), { "content-type": "application/x-protobuf", authorization: `Bearer ${s.project.readKey}` }),
      403,
      "read_key_cannot_ingest",
      /ingestion key/,
    );
  });
});

it("stored nothing from the rejected requests", async () => {
  // Only the partialSuccess and tolerated payloads were stored: no run has the agno fixture's id.
  const rows = await s.db.sql.query(`SELECT count(*)::int AS n FROM runs WHERE project_id = $1 AND id = '3f6c2a1b-9d8e-4c7b-a6f5-e4d3c2b1a098'`, [
    s.project.projectId,
  ]);
  expect(rows[0]).toEqual({ n: 0 });
  expect((await rowCounts(s.db, s.project.projectId)).runs).toBeGreaterThan(0);
});
