// Headers for every response, pages and APIs alike: next.config.mjs sends them with everything
// Next.js answers, scripts/serve.mjs with the ingestion answers it writes itself. Plain JavaScript
// because next.config.mjs loads it before anything is compiled.
export const STATIC_SECURITY_HEADERS = [
  // No page may be framed by another site (clickjacking); the pages' CSP says frame-ancestors 'none' too.
  ["X-Frame-Options", "DENY"],
  ["X-Content-Type-Options", "nosniff"],
  // Run, session and user ids are in dashboard URLs: other sites get only the origin.
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
];
