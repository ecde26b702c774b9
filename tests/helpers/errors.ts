// Every error answer is `{ error: { code, message } }` in JSON, with a message that says what to fix.
import { expect } from "vitest";

/** Asserts an error answer's status, content type and code and that it carries a message; returns the error. */
export async function expectError(res: Response, status: number, code: string): Promise<{ code: string; message: string }> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error;
}
