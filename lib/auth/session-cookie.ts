// NextAuth's session cookie names (plain over http, __Secure- over https; large tokens are split
// into .0, .1, … chunks). Used by proxy.ts for its optimistic check.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function hasSessionCookie(names: Iterable<string>): boolean {
  for (const name of names) {
    if (SESSION_COOKIES.some((c) => name === c || name.startsWith(`${c}.`))) return true;
  }
  return false;
}
