// What kind of error a message is: its error class ("openai.RateLimitError"), a code when it has
// one (HTTP status, Node errno, provider error type, SQLSTATE), and a category that says where
// the failure came from (rate limit, timeout, context length, auth, not found, server side,
// guardrail). Rules read the message's identifying line, so a long body cannot slow them down.

export const CATEGORIES = ["rate_limit", "timeout", "context_length", "auth", "not_found", "server_error", "guardrail", "other"] as const;
export type FailureCategory = (typeof CATEGORIES)[number];

/**
 * The leading error class of a line: `TypeError: …`, `litellm.RateLimitError: …`,
 * `requests.exceptions.HTTPError: …`, `[GoogleGenerativeAI Error]: …` is not one. Null when the
 * line does not start with a class-like identifier followed by a colon.
 */
export function errorClass(line: string): string | null {
  const m = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:\[[^\]]{0,40}\])?:\s/.exec(line);
  if (!m) return null;
  const name = m[1]!;
  // A class is CamelCase, dotted, or ends like one; a lowercase word ("boom: …") is prose.
  // Log levels ("ERROR: …" from PostgreSQL) are not classes either.
  if (/^(?:ERROR|FATAL|PANIC|WARNING|WARN|INFO|DEBUG)$/.test(name)) return null;
  return /[A-Z]/.test(name) || name.includes(".") ? name.slice(0, 120) : null;
}

const PROVIDER_CODE = /['"]code['"]\s*:\s*['"]([a-z][a-z0-9_]{2,60})['"]/;
const PROVIDER_TYPE = /['"]type['"]\s*:\s*['"]([a-z][a-z0-9_]{2,60})['"]/g;

/**
 * The most specific code a line carries: a provider error code or type from a JSON body
 * (`'code': 'rate_limit_exceeded'`, `"type":"overloaded_error"`), a Node errno (ECONNRESET,
 * ERR_…), a SQLSTATE, or an HTTP status in a recognisable context.
 */
export function errorCode(line: string): string | null {
  const code = PROVIDER_CODE.exec(line);
  if (code) return code[1]!;
  let provider: string | null = null;
  for (const m of line.matchAll(PROVIDER_TYPE)) {
    // "type": "error" is the envelope of Anthropic errors, and invalid_request_error says little:
    // a more specific inner type wins.
    if (m[1] !== "error" && m[1] !== "invalid_request_error") return m[1]!;
    if (m[1] !== "error") provider ??= m[1]!;
  }
  const errno = /\b(E[A-Z]{3,}(?:_[A-Z]+)*|ERR_[A-Z_]{3,})\b/.exec(line);
  if (errno && !/^(?:ERROR|EXCEPTION|EXCEEDED|EXPIRED|EMPTY|ENDPOINT)$/.test(errno[1]!)) return errno[1]!;
  const sqlstate = /\bSQLSTATE[\s:=[(]*([0-9A-Z]{5})\b/.exec(line);
  if (sqlstate) return sqlstate[1]!;
  const status = httpStatus(line);
  if (status !== null) return String(status);
  return provider;
}

/** An HTTP status in a context that makes it one ("status code 404", "429 Too Many Requests", "Error code: 503"). */
export function httpStatus(line: string): number | null {
  const m =
    /\b(?:status(?:[ _]?code)?|error code|HTTP(?:\/\d(?:\.\d)?)?|code)["']?\s*[:=]?\s*\(?([1-5]\d\d)\b/i.exec(line) ??
    /^\[?([1-5]\d\d)\b/.exec(line) ??
    /\b(?:returned|got|received|responded with|[Ee]rror):?\s+([1-5]\d\d)\b/.exec(line) ??
    /\b([1-5]\d\d) (?:[A-Z][a-z]+|[A-Z]{2,})\b/.exec(line);
  const n = m ? Number(m[1]) : null;
  return n !== null && n >= 400 ? n : null;
}

// Text rules, in priority order: a context-length error is also a 400, a guardrail block is also
// a 400, a gateway timeout is also a 5xx.
const RULES: Array<[FailureCategory, RegExp]> = [
  [
    "context_length",
    /context[ _-]?(?:length|window)|maximum context|prompt is too long|input is too long|too many (?:input )?tokens|reduce the length|token limit|string_above_max_length|max_tokens_exceeded|exceeds? (?:the )?(?:model'?s? )?(?:maximum|max) (?:context|input|token)/i,
  ],
  [
    "guardrail",
    /guardrail|content[ _-]?(?:filter|management|policy)|moderation|flagged|usage polic|safety|blocked due to|jailbreak|prompt injection|responsible ?ai|invalid_prompt|recitation|tripwire/i,
  ],
  ["rate_limit", /rate[ _-]?limit|too many requests|quota|throttl|resource[ _]?(?:has been )?exhausted|requests per (?:min|sec)|tokens per min/i],
  ["timeout", /time[ _-]?d? ?out|ETIMEDOUT|ESOCKETTIMEDOUT|deadline exceeded|DEADLINE_EXCEEDED|statement timeout|aborted due to timeout/i],
  [
    "auth",
    /unauthori[sz]ed|forbidden|authenticat|permission|api[ _-]?key|access denied|access token|token (?:has )?expired|not authori[sz]ed|not accessible|EACCES|EPERM|credentials?|invalid[ _]signature|x-api-key/i,
  ],
  [
    "not_found",
    /not[ _]found|no such|ENOENT|does not exist|doesn't exist|unknown (?:model|tool|function|user|recipient)|(?:user|recipient) unknown|model_not_found|unavailable tool/i,
  ],
  [
    "server_error",
    /internal (?:server )?error|bad gateway|service unavailable|overloaded|ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|socket hang up|connection (?:reset|refused|error|closed|terminated|aborted)|failed to establish|max retries exceeded|server error|api_error|UNAVAILABLE|upstream|network error|fetch failed/i,
  ],
];

/** The category of a failure from its identifying line and code. */
export function categorize(line: string, code: string | null): FailureCategory {
  const text = code ? `${line} ${code}` : line;
  const [first, second] = [RULES[0]!, RULES[1]!];
  if (first[1].test(text)) return first[0];
  if (second[1].test(text)) return second[0];
  const status = httpStatus(line);
  if (status === 429) return "rate_limit";
  if (status === 408 || status === 504) return "timeout";
  if (status === 401 || status === 403 || status === 407) return "auth";
  if (status === 404 || status === 410) return "not_found";
  for (const [category, re] of RULES.slice(2)) if (re.test(text)) return category;
  if (status !== null && status >= 500) return "server_error";
  return "other";
}
