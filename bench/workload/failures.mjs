// The tools and the errors of the seeded bench database (seed.mjs): 8 agents × 4 tools, each
// tool with its latency, failure rate and error messages, and 25 errors a whole run can end with
// (provider, network, guardrail and framework errors, worded as real clients word them). Messages
// are templates whose {placeholders} the seed fills per row in SQL from the row's hash, so one
// error appears with many variants (ids, hosts, numbers, times, paths) and one signature.
// checkCatalog() renders variants with the same arithmetic in JavaScript and verifies that.

/**
 * Placeholder → the SQL expression and the JavaScript function computing its text from a row's
 * non-negative int hash `h` and 32-character md5 hex `m` (the same text for the same h and m).
 */
export const PLACEHOLDERS = {
  int: { sql: (h) => `(100 + ${h} % 99900)::text`, js: (h) => String(100 + (h % 99900)) },
  ms: { sql: (h) => `(50 + ${h} % 29950)::text`, js: (h) => String(50 + (h % 29950)) },
  s: { sql: (h) => `(1 + ${h} % 120)::text`, js: (h) => String(1 + (h % 120)) },
  money: { sql: (h) => `to_char((${h} % 50000) / 100.0, 'FM99990.00')`, js: (h) => ((h % 50000) / 100).toFixed(2) },
  // Hex and ids always carry a digit (an all-letter value would read as a word, not an id).
  hex: { sql: (h, m) => `substr(${m}, 1, 11) || (${h} % 10)::text`, js: (h, m) => m.slice(0, 11) + (h % 10) },
  sha: { sql: (h, m) => `${m} || substr(${m}, 1, 7) || (${h} % 10)::text`, js: (h, m) => m + m.slice(0, 7) + (h % 10) },
  id: { sql: (h, m) => `substr(${m}, 9, 15) || (${h} % 10)::text`, js: (h, m) => m.slice(8, 23) + (h % 10) },
  uuid: {
    sql: (h, m) =>
      `substr(${m}, 1, 8) || '-' || substr(${m}, 9, 4) || '-4' || substr(${m}, 14, 3) || '-a' || substr(${m}, 18, 3) || '-' || substr(${m}, 21, 12)`,
    js: (h, m) => `${m.slice(0, 8)}-${m.slice(8, 12)}-4${m.slice(13, 16)}-a${m.slice(17, 20)}-${m.slice(20, 32)}`,
  },
  ip: {
    sql: (h) => `'10.' || (${h} % 256)::text || '.' || (${h} / 256 % 256)::text || '.' || (${h} / 65536 % 256)::text`,
    js: (h) => `10.${h % 256}.${Math.floor(h / 256) % 256}.${Math.floor(h / 65536) % 256}`,
  },
  path: {
    sql: (h, m) => `'/srv/data/' || substr(${m}, 1, 6) || '/' || (${h} % 1000)::text || '.json'`,
    js: (h, m) => `/srv/data/${m.slice(0, 6)}/${h % 1000}.json`,
  },
  email: { sql: (h) => `'user' || (${h} % 20000)::text || '@globex.com'`, js: (h) => `user${h % 20000}@globex.com` },
  host: { sql: (h) => `'svc-' || (${h} % 50)::text || '.internal.example.com'`, js: (h) => `svc-${h % 50}.internal.example.com` },
  date: {
    sql: (h) => `to_char((now() - make_interval(secs => ${h} % 2592000)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    js: (h) => new Date(Date.now() - (h % 2592000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  },
};

/** SQL rendering `template` (an SQL text expression) with every placeholder filled. */
export function renderSql(template, h, m) {
  return Object.entries(PLACEHOLDERS).reduce((expr, [name, p]) => `replace(${expr}, '{${name}}', ${p.sql(h, m)})`, template);
}

/** The same rendering in JavaScript. */
export function renderJs(template, h, m) {
  return Object.entries(PLACEHOLDERS).reduce((text, [name, p]) => text.split(`{${name}}`).join(p.js(h, m)), template);
}

const tb = (file, fn, last) => `Traceback (most recent call last):\n  File "${file}", line {s}, in ${fn}\n    ...\n${last}`;

/**
 * Per agent (seed.mjs's SEED_AGENTS order), four tools: name, median-ish latency in ms, failures
 * per thousand calls, and error templates (the first is the common one).
 */
export const TOOLS_BY_AGENT = [
  [
    ["lookup_order", 180, 25, ["OrderService: 504 Gateway Timeout after {ms}ms", "Order A{int} not found"]],
    ["refund_order", 420, 30, ["PaymentsError: card_declined (refund of ${money} exceeds original charge ch_{id})"]],
    ["search_kb", 90, 8, ["SearchIndexUnavailable: index 'kb-prod' is rebuilding"]],
    ["send_email", 300, 12, ["Mailbox unavailable for {email} (550 5.1.1 user unknown)"]],
  ],
  [
    ["web_search", 850, 30, ["RateLimitError: search provider returned 429 Too Many Requests"]],
    ["fetch_page", 1200, 45, ["request to https://{host}/{hex} failed, reason: read ECONNRESET", "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"]],
    ["summarize_pdf", 2600, 15, ["PdfError: file {path} is encrypted"]],
    ["cite_source", 120, 10, [tb("/app/tools/cite.py", "cite", "KeyError: 'doi'")]],
  ],
  [
    ["read_file", 40, 20, ["ENOENT: no such file or directory, open '{path}'"]],
    ["run_tests", 18000, 35, ["TestRunnerCrashed: worker exited with code 137 (out of memory)"]],
    ["post_comment", 350, 15, ["GitHubError: 403 Resource not accessible by integration"]],
    ["git_diff", 220, 5, ["fatal: bad object {sha}"]],
  ],
  [
    ["crm_lookup", 260, 20, ["CRMError: 401 OAuth token expired at {date}"]],
    ["schedule_meeting", 500, 25, ["CalendarConflict: the slot {date} is no longer available"]],
    ["enrich_company", 700, 40, ["Request failed with status code 404", "Request failed with status code 502"]],
    [
      "send_sequence",
      400,
      10,
      [
        "HTTPSConnectionPool(host='api.outreach.example.com', port=443): Max retries exceeded with url: /v2/sequences/{int} (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x{hex}>: Failed to establish a new connection: [Errno 111] Connection refused'))",
      ],
    ],
  ],
  [
    ["run_sql", 1400, 40, ["canceling statement due to statement timeout", 'duplicate key value violates unique constraint "orders_pkey"']],
    ["plot_chart", 650, 12, ["RenderError: too many series (max 20)"]],
    ["export_csv", 900, 8, ["EACCES: permission denied, open '{path}'"]],
    ["describe_table", 150, 10, ['relation "analytics.events_archive" does not exist']],
  ],
  [
    ["create_workspace", 800, 10, ["Conflict: workspace ws_{id} already exists"]],
    ["invite_user", 300, 15, ["InviteError: {email} is already a member"]],
    ["send_slack_message", 250, 25, ["SlackApiError: ratelimited (retry after {s}s)"]],
    ["get_checklist", 60, 5, ["TypeError: Cannot read properties of undefined (reading 'steps')"]],
  ],
  [
    ["get_invoice", 200, 15, ["StripeInvalidRequestError: No such invoice: 'in_{id}'"]],
    ["update_payment_method", 600, 30, ["StripeCardError: Your card was declined. (request req_{id})"]],
    ["apply_coupon", 150, 20, ["CouponError: coupon expired on {date}"]],
    ["stripe_refund", 700, 10, ["StripeConnectionError: request req_{id} timed out after {s}s"]],
  ],
  [
    ["query_logs", 2200, 30, ["QueryTimeout: statement exceeded 30s (canceled by statement_timeout)"]],
    ["page_oncall", 400, 10, ["PagerDutyError: 429 Too Many Requests"]],
    ["get_metrics", 300, 20, ["connect ECONNREFUSED {ip}:9090"]],
    ["create_ticket", 900, 10, ["JiraError: 400 Field 'customfield_10042' cannot be set"]],
  ],
].map((tools) => tools.map(([name, latencyMs, failPermille, errors]) => ({ name, latencyMs, failPermille, errors })));

export const TOOLS = TOOLS_BY_AGENT.flat();

/**
 * What failed runs end with, most frequent first (seed.mjs picks index 24 - floor(sqrt(h % 625)):
 * the first is ~8% of failures, the last 0.16%). The run and its final LLM step carry the message.
 */
export const RUN_ERRORS = [
  "Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-{id} on tokens per min (TPM): Limit 30000, Used {int}, Requested {int}. Please try again in {ms}ms. Visit https://platform.openai.com/account/rate-limits to learn more.', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}",
  "Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}, 'request_id': 'req_{id}'}",
  "400 This model's maximum context length is 128000 tokens. However, your messages resulted in {int} tokens. Please reduce the length of the messages.",
  "AI_RetryError: Failed after 3 attempts. Last error: socket hang up",
  "AI_APICallError: Internal server error (request {uuid})",
  "Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed the rate limit for your organization ({uuid}) of 40,000 input tokens per minute.'}}",
  '400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: {int} tokens > 200000 maximum"}}',
  "Request timed out after {ms}ms",
  "[GoogleGenerativeAI Error]: Error fetching from https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent: [429 Too Many Requests] Resource has been exhausted (e.g. check quota).",
  "[GoogleGenerativeAI Error]: Candidate was blocked due to SAFETY",
  "503 UNAVAILABLE. {'error': {'code': 503, 'message': 'The model is overloaded. Please try again later.', 'status': 'UNAVAILABLE'}}",
  "401 Incorrect API key provided: sk-proj-********{id}. You can find your API key at https://platform.openai.com/account/api-keys.",
  "Error code: 400 - {'error': {'message': \"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.\", 'type': None, 'param': 'prompt', 'code': 'content_filter', 'status': 400}}",
  "InputGuardrailTripwireTriggered: Guardrail InputGuardrail triggered tripwire",
  "AI_NoSuchToolError: Model tried to call unavailable tool 'lookup_invoice'. Available tools: get_invoice, apply_coupon.",
  'AI_TypeValidationError: Type validation failed: Value: {"limit":{int}}.',
  "litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: OpenAIException - This model's maximum context length is 16385 tokens. However, your messages resulted in {int} tokens.",
  "ThrottlingException: Too many requests, please wait before trying again.",
  "connect ETIMEDOUT {ip}:443",
  "fetch failed: getaddrinfo EAI_AGAIN {host}",
  "AgentError: exceeded the maximum of 25 steps without a final answer (run {uuid})",
  "Claude Code process exited with code 1",
  "ValidationException: Input is too long for requested model.",
  "500 The server had an error while processing your request. Sorry about that! (Please include the request ID req_{id} in your message.)",
  tb("/app/agent/parse.py", "parse_plan", "json.decoder.JSONDecodeError: Expecting value: line 1 column {int} (char {int})"),
];

/**
 * Renders `variants` variants of every template with different hashes and returns, per template,
 * its one signature; throws when a template's variants disagree or two templates share one.
 * `signatureOf` is lib/insights/failures/signature.ts's failureSignature (loaded by the caller).
 */
export function checkCatalog(signatureOf, md5, variants = 8) {
  const seen = new Map();
  const sign = (kind, tool, template) => {
    const sigs = new Set();
    for (let i = 0; i < variants; i++) {
      const m = md5(`${template}#${i}`);
      const h = parseInt(m.slice(0, 8), 16) & 0x7fffffff;
      sigs.add(signatureOf({ kind, tool, message: renderJs(template, h, m) }).signature);
    }
    if (sigs.size !== 1) throw new Error(`bench catalog: the variants of "${template.slice(0, 80)}" (${kind}) get ${sigs.size} signatures`);
    const [sig] = sigs;
    if (seen.has(sig)) throw new Error(`bench catalog: "${template.slice(0, 80)}" (${kind}) shares its signature with ${seen.get(sig)}`);
    seen.set(sig, `"${template.slice(0, 80)}" (${kind})`);
    return sig;
  };
  return {
    runs: RUN_ERRORS.map((t) => sign("run", null, t)),
    steps: RUN_ERRORS.map((t) => sign("step", null, t)),
    tools: TOOLS.map((tool) => tool.errors.map((t) => sign("tool_call", tool.name, t))),
  };
}
