// Who may sign in with GitHub or Google without an invitation: addresses of the listed domains.

/** `domains` is a comma-separated list such as "example.com, example.org" (case-insensitive). */
export function oauthDomainAllowed(email: string, domains: string | undefined): boolean {
  if (!domains) return false;
  const at = email.lastIndexOf("@");
  if (at < 0) return false;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domains
    .split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean)
    .includes(domain);
}
