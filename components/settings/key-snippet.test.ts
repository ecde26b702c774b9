import { describe, expect, it } from "vitest";
import { keyUsageSnippet } from "./key-snippet";

describe("keyUsageSnippet", () => {
  it("shows an ingestion key as the SDKs' environment", () => {
    const s = keyUsageSnippet("ingest", "sl_ingest_abc", "http://localhost:3000");
    expect(s.code).toBe("TCC_API_KEY=sl_ingest_abc\nTCC_BASE_URL=http://localhost:3000");
  });

  it("shows a read key as a REST call with a bearer token, never as TCC_API_KEY", () => {
    const s = keyUsageSnippet("read", "sl_read_abc", "http://localhost:3000");
    expect(s.code).toContain('curl "http://localhost:3000/v1/runs?range=1d"');
    expect(s.code).toContain('-H "Authorization: Bearer sl_read_abc"');
    expect(s.code).not.toContain("TCC_API_KEY");
  });
});
