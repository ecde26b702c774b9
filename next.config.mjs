import { STATIC_SECURITY_HEADERS } from "./lib/http/static-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers load WASM and native files at run time; bundling them breaks those paths.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg",
    "@pydantic/genai-prices",
    "@opentelemetry/otlp-transformer",
    "protobufjs",
    // The insight engine's lemmatiser model is a 5 MB module: loaded from node_modules, not bundled.
    "wink-nlp",
    "wink-eng-lite-web-model",
  ],
  // Separate build folders let several builds coexist (e.g. parallel test runs); default .next.
  distDir: process.env.SIGHTLINE_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS.map(([key, value]) => ({ key, value })) }];
  },
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default nextConfig;
