// How large a request body the routes outside ingestion may send. Ingestion has its own limit
// (SIGHTLINE_MAX_BODY_BYTES, lib/server/http.ts); everything else reads small forms and JSON, and
// was read whole whatever its size: one 400 MB sign-in request took the server from 660 MB to
// 1.4 GB. scripts/serve.mjs applies these before Next.js reads a byte, from the Content-Length
// header (Node's parser never delivers more than it declares); the sign-in route checks again so
// that `next dev` is bounded too. Plain JavaScript because scripts/serve.mjs loads it uncompiled.

/** NextAuth's sign-in, sign-out and CSRF forms: an email, a password, a token and a URL. */
export const AUTH_BODY_LIMIT = 16 * 1024;
/** Server actions (Settings, patterns, feedback) and other JSON routes: next.config.mjs's serverActions.bodySizeLimit. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/** The body limit of a non-ingestion route. */
export function bodyLimitFor(pathname) {
  return pathname === "/api/auth" || pathname.startsWith("/api/auth/") ? AUTH_BODY_LIMIT : DEFAULT_BODY_LIMIT;
}

const kib = (n) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n / 1024} KiB`);

/**
 * Whether a request (of any method) may send its body to a route with `limit`: null when it may, else the error
 * answer ({ status, code, message }). A body without a Content-Length (chunked) is refused: browsers
 * and the SDKs always send one to these routes, and only a length known up front can be refused
 * before the body is read.
 */
export function bodySizeError(headers, limit) {
  const declared = headers["content-length"];
  if (declared === undefined || declared === null || declared === "") {
    if (!headers["transfer-encoding"]) return null; // no body at all
    return { status: 411, code: "length_required", message: `Send a Content-Length header with this request's body (at most ${kib(limit)}).` };
  }
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0)
    return { status: 400, code: "invalid_content_length", message: "The Content-Length header is not a byte count." };
  if (length > limit) {
    return {
      status: 413,
      code: "body_too_large",
      message: `The request body is ${length} bytes; this address accepts at most ${kib(limit)} (${limit} bytes).`,
    };
  }
  return null;
}
