// What the settings page shows under a new key: how that kind of key is used. An ingestion key
// goes to the SDKs (TCC_API_KEY); a read key is refused on ingestion, so its snippet is a REST
// call with the key as a bearer token.
export function keyUsageSnippet(kind: "ingest" | "read", key: string, baseUrl: string): { title: string; code: string } {
  if (kind === "ingest") return { title: "Environment (for the SDKs)", code: `TCC_API_KEY=${key}\nTCC_BASE_URL=${baseUrl}` };
  return { title: "Read the REST API", code: `curl "${baseUrl}/v1/runs?range=1d" \\\n  -H "Authorization: Bearer ${key}"` };
}
