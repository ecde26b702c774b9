// The security headers every answer carries, and the Content-Security-Policy of every page.
//
// Why a nonce: the App Router writes inline <script> tags (its bootstrap and the streamed RSC
// payload) and then loads its chunks from script; a host allow-list cannot tell those from an
// injected script. proxy.ts makes a fresh nonce per page request and hands the policy to Next.js in
// the request headers, which puts the nonce on every script it renders; 'strict-dynamic' then trusts
// the chunks those scripts load. Styles keep 'unsafe-inline': React writes style attributes (charts,
// virtualised tables), which no nonce can cover, and a style cannot run code.

/** Headers for every response, pages and APIs alike (next.config.mjs and scripts/serve.mjs send them). */
export { STATIC_SECURITY_HEADERS } from "./static-headers.mjs";

/** A fresh nonce, base64 of 16 random bytes. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The Content-Security-Policy of a page rendered with `nonce`. `dev`: next dev's eval and hot-reload socket. */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(dev ? ["ws:", "wss:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}
