// Delivery against a local HTTP server started by the test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverWebhook, isPermanentFailure, retryDelayMs } from "./webhook";

const received: unknown[] = [];
let answers: number[] = [];
let url = "";
const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (c) => (raw += c));
  req.on("end", () => {
    received.push({ type: req.headers["content-type"], key: req.headers["idempotency-key"], body: JSON.parse(raw) });
    res.writeHead(answers.shift() ?? 200).end("ok");
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const message = { text: "Daily recap", blocks: [{ type: "header", text: { type: "plain_text", text: "Daily recap" } }] };
const fast = { backoffMs: () => 10 };

describe("recap webhook", () => {
  it("posts the Slack JSON", async () => {
    received.length = 0;
    answers = [200];
    expect(await deliverWebhook(url, message, fast)).toEqual({ ok: true, attempts: 1, status: 200, error: null });
    expect(received).toEqual([{ type: "application/json", key: undefined, body: message }]);
    received.length = 0;
    await deliverWebhook(url, message, { ...fast, idempotencyKey: "rcp_1" });
    expect(received).toEqual([{ type: "application/json", key: "rcp_1", body: message }]);
  });

  it("retries a 5xx or a 429, then succeeds", async () => {
    received.length = 0;
    answers = [503, 429, 200];
    expect(await deliverWebhook(url, message, fast)).toMatchObject({ ok: true, attempts: 3 });
    expect(received).toHaveLength(3);
  });

  it("gives up at once on a 404 and after the last attempt otherwise", async () => {
    answers = [404];
    expect(await deliverWebhook(url, message, fast)).toEqual({ ok: false, attempts: 1, status: 404, error: "webhook answered 404" });
    answers = [500, 500];
    expect(await deliverWebhook(url, message, { ...fast, attempts: 2 })).toMatchObject({ ok: false, attempts: 2, status: 500 });
    expect(await deliverWebhook("http://127.0.0.1:1/hook", message, { ...fast, attempts: 1 })).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringMatching(/did not answer/),
    });
  });

  it("pauses longer after each failed round, up to 6 hours, and tells permanent refusals from outages", () => {
    expect([1, 2, 3, 8, 20].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 7_680_000, 21_600_000]);
    expect(isPermanentFailure({ ok: false, status: 404 })).toBe(true);
    expect(isPermanentFailure({ ok: false, status: 410 })).toBe(true);
    for (const status of [408, 429, 500, 503, null]) expect(isPermanentFailure({ ok: false, status })).toBe(false);
    expect(isPermanentFailure({ ok: true, status: 200 })).toBe(false);
  });
});
