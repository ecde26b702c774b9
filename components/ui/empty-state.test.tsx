import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FirstRunEmptyState } from "./empty-state";

describe("FirstRunEmptyState", () => {
  it("shows the two environment variables and working snippets for this instance", () => {
    const html = renderToStaticMarkup(<FirstRunEmptyState baseUrl="http://sightline.internal:3000" />);
    expect(html).toContain("No runs yet");
    expect(html).toContain("TCC_API_KEY=");
    expect(html).toContain("TCC_BASE_URL=http://sightline.internal:3000");
    expect(html).toContain("curl -X POST http://sightline.internal:3000/v1/custom");
    expect(html).toContain("registerOTelTCC");
  });

  it("escapes whatever the base URL contains", () => {
    const html = renderToStaticMarkup(<FirstRunEmptyState baseUrl={'http://x"><img src=x onerror=alert(1)>'} />);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
  });
});
