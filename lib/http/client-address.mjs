// The client's address, as scripts/serve.mjs determines it, travels to the app in this request
// header; serve.mjs overwrites whatever a client sent in it. Behind a reverse proxy, set
// SIGHTLINE_TRUST_PROXY=true so that the proxy's X-Forwarded-For is used instead of the connection.
export const CLIENT_ADDRESS_HEADER = "x-sightline-client-address";

/** The address of a Node request: the connection's, or the last X-Forwarded-For hop added by a trusted proxy. */
export function clientAddressOf(req, trustProxy) {
  if (trustProxy) {
    const fwd = req.headers["x-forwarded-for"];
    const hops = (Array.isArray(fwd) ? fwd.join(",") : (fwd ?? ""))
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (hops.length) return hops[hops.length - 1];
  }
  return req.socket?.remoteAddress ?? "unknown";
}
