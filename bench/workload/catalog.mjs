// The agents, tools, prompts and people the demo and the benchmarks simulate. Plain data plus a
// seeded random generator, so a seed always produces the same telemetry.

/** Mulberry32: a small, fast, seedable PRNG (same seed → same sequence). */
export function makeRng(seed) {
  let a = typeof seed === "number" ? seed >>> 0 : hashSeed(String(seed));
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = "";
      while (s.length < n)
        s += Math.floor(next() * 0x100000000)
          .toString(16)
          .padStart(8, "0");
      return s.slice(0, n);
    },
    uuid: () => {
      const h = rng.hex(32);
      const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
  return rng;
}

function hashSeed(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const ORGS = [
  { id: "org-acme", name: "Acme Corp" },
  { id: "org-globex", name: "Globex" },
  { id: "org-initech", name: "Initech" },
  { id: "org-umbrella", name: "Umbrella Health" },
  { id: "org-stark", name: "Stark Industries" },
  { id: "org-wayne", name: "Wayne Enterprises" },
];

const FIRST = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Radia",
  "Tim",
  "Frances",
  "John",
  "Hedy",
  "Donald",
  "Shafi",
];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Perlman",
  "Berners-Lee",
  "Allen",
  "McCarthy",
  "Lamarr",
  "Knuth",
  "Goldwasser",
];

/** `count` end users spread over the orgs (a few without an org, as in real traffic). */
export function makeUsers(count) {
  const users = [];
  for (let i = 0; i < count; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`;
    const org = i % 9 === 8 ? null : ORGS[i % ORGS.length];
    users.push({ id: `user-${String(i + 1).padStart(4, "0")}`, name, org });
  }
  return users;
}

/** Providers as the AI SDK names them, and real model ids so costs are priced. */
export const MODELS = {
  "gpt-4o": { provider: "openai.chat", genAiProvider: "openai" },
  "gpt-4o-mini": { provider: "openai.chat", genAiProvider: "openai" },
  "gpt-4.1": { provider: "openai.responses", genAiProvider: "openai" },
  "o3-mini": { provider: "openai.responses", genAiProvider: "openai" },
  "claude-sonnet-4-20250514": { provider: "anthropic.messages", genAiProvider: "anthropic" },
  "claude-3-5-haiku-20241022": { provider: "anthropic.messages", genAiProvider: "anthropic" },
  "gemini-2.0-flash": { provider: "google.generative-ai", genAiProvider: "gcp.gemini" },
  "gemini-2.5-pro": { provider: "google.generative-ai", genAiProvider: "gcp.gemini" },
};

/**
 * Each agent: its system prompt, the models it uses, its tools (argument and result makers,
 * and how its failures read), and conversations: turns of [user prompt, agent answer].
 */
export const AGENTS = [
  {
    name: "Support Copilot",
    system: "You are Acme's customer support agent. Be concise, cite order numbers, never promise refunds above $200 without approval.",
    models: ["gpt-4o", "gpt-4o-mini"],
    tools: [
      {
        name: "lookup_order",
        description: "Look up an order by its number",
        args: (r) => ({ orderId: `A${r.int(1000, 9999)}` }),
        result: (r, a) => ({
          orderId: a.orderId,
          status: r.pick(["shipped", "delayed", "processing", "delivered"]),
          carrier: r.pick(["UPS", "DHL", "FedEx"]),
          eta: `2026-0${r.int(1, 9)}-${r.int(10, 28)}`,
        }),
        error: "OrderService: 504 Gateway Timeout after 10000ms",
      },
      {
        name: "refund_order",
        description: "Refund an order (up to $200 without approval)",
        args: (r) => ({ orderId: `A${r.int(1000, 9999)}`, amountUsd: r.int(5, 240), reason: r.pick(["late delivery", "damaged item", "wrong size"]) }),
        result: (r, a) => ({ refundId: `rf_${r.hex(10)}`, amountUsd: a.amountUsd, status: "pending" }),
        error: "PaymentsError: card_declined (refund exceeds original charge)",
      },
      {
        name: "search_kb",
        description: "Search the help center",
        args: (r) => ({ query: r.pick(["return policy", "international shipping", "change delivery address", "warranty claim"]) }),
        result: (r, a) => ({ articles: [{ title: `How to: ${a.query}`, url: `https://help.acme.test/${r.hex(6)}` }] }),
        error: "SearchIndexUnavailable: index 'kb-prod' is rebuilding",
      },
    ],
    conversations: [
      [
        [
          "Where is my order A1043? It was supposed to arrive yesterday.",
          "Order A1043 is with UPS and delayed by a day at the Memphis hub; it should arrive tomorrow before 8 pm.",
        ],
        ["Can you refund the shipping fee then?", "Done: I refunded the $12.50 shipping fee to your card; it shows up in 3-5 business days."],
        ["Thanks. Will I get an email confirmation?", "Yes, a confirmation email goes out as soon as the refund is processed, usually within an hour."],
      ],
      [
        [
          "I received a damaged blender, what can I do?",
          "I'm sorry it arrived damaged. I can send a replacement or refund it; a prepaid return label is ready either way.",
        ],
        ["Yes please start the refund.", "I've started a refund of $89.99 for the blender; return label RL-5521 is in your inbox."],
        ["How long does the refund take?", "Refunds reach your card 3-5 business days after the carrier scans the return label."],
      ],
      [
        ["Do you ship to Canada?", "Yes, we ship to all Canadian provinces; delivery takes 4-7 business days."],
        ["What about customs fees?", "Duties and taxes are calculated at checkout, so there are no surprise fees on delivery."],
      ],
      [
        ["I need to change the delivery address for order A2291.", "Order A2291 hasn't shipped yet, so I can change it. What is the new address?"],
        ["The new address is 221B Baker Street, London.", "Done: order A2291 will now go to 221B Baker Street, London."],
      ],
    ],
  },
  {
    name: "Research Assistant",
    system: "You are a meticulous research assistant. Search before answering, quote sources with URLs, and flag uncertainty.",
    models: ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"],
    tools: [
      {
        name: "web_search",
        description: "Search the web",
        args: (r) => ({
          query: r.pick([
            "latest EU AI Act obligations for GPAI providers",
            "mRNA vaccine thermostability 2025 review",
            "lithium iron phosphate vs NMC cycle life",
            "OpenTelemetry GenAI semantic conventions status",
          ]),
          maxResults: 5,
        }),
        result: (r) => ({
          results: Array.from({ length: 3 }, (_, i) => ({
            title: `Result ${i + 1}`,
            url: `https://example.org/${r.hex(8)}`,
            snippet: "…relevant excerpt of the page…",
          })),
        }),
        error: "RateLimitError: search provider returned 429 Too Many Requests",
      },
      {
        name: "fetch_page",
        description: "Fetch and extract a web page",
        args: (r) => ({ url: `https://example.org/${r.hex(8)}` }),
        result: (r) => ({ status: 200, words: r.int(800, 4200), text: "Extracted article text (truncated)…" }),
        error: "FetchError: ECONNRESET while reading https://example.org/",
      },
    ],
    conversations: [
      [
        [
          "Summarize what the EU AI Act requires from general-purpose model providers.",
          "Providers must keep technical documentation, publish a summary of training data and respect EU copyright opt-outs; models with systemic risk add evaluations, incident reporting and cybersecurity duties.",
        ],
        [
          "Which obligations apply before August 2026?",
          "The general-purpose model obligations apply from 2 August 2025; most high-risk system rules follow in August 2026.",
        ],
        [
          "Give me the three most cited sources.",
          "1) Regulation (EU) 2024/1689 in the Official Journal, 2) the Commission's GPAI code of practice, 3) the AI Office's guidelines on GPAI providers.",
        ],
      ],
      [
        [
          "Compare LFP and NMC batteries for home storage.",
          "LFP trades some energy density for a much longer cycle life (6,000+ cycles) and better thermal stability, which suits home storage; NMC is lighter and denser.",
        ],
        ["What about fire safety?", "LFP cells are far less prone to thermal runaway than NMC, which is why most home batteries now use LFP."],
      ],
      [
        [
          "What is the status of the OpenTelemetry GenAI semantic conventions?",
          "They are in development status: the span, metric and event conventions exist but may still change.",
        ],
        [
          "Which attributes carry the chat messages?",
          "gen_ai.input.messages and gen_ai.output.messages (JSON), plus gen_ai.system_instructions for the system prompt.",
        ],
      ],
    ],
  },
  {
    name: "Code Reviewer",
    system: "You review pull requests. Run the tests, read the diff, and leave actionable comments with line numbers.",
    models: ["gpt-4.1", "o3-mini"],
    tools: [
      {
        name: "read_file",
        description: "Read a file from the repository",
        args: (r) => ({ path: r.pick(["src/server/auth.ts", "lib/db/pool.ts", "app/api/orders/route.ts", "packages/ui/Button.tsx"]) }),
        result: (r) => ({ lines: r.int(40, 600), content: "export function handler(req) {\n  // …\n}" }),
        error: "ENOENT: no such file or directory",
      },
      {
        name: "run_tests",
        description: "Run the test suite",
        args: (r) => ({ pattern: r.pick(["auth", "orders", "db", "ui"]) }),
        result: (r) => ({ passed: r.int(40, 300), failed: r.pick([0, 0, 0, 1, 2]), durationMs: r.int(2000, 60000) }),
        error: "TestRunnerCrashed: worker exited with code 137 (out of memory)",
      },
      {
        name: "post_comment",
        description: "Comment on the pull request",
        args: (r) => ({ line: r.int(1, 400), body: "Consider handling the null case here." }),
        result: (r) => ({ commentId: r.int(100000, 999999), url: "https://git.example.com/pr/42#comment" }),
        error: "GitHubError: 403 Resource not accessible by integration",
      },
    ],
    conversations: [
      [
        [
          "Review PR #482: connection pooling for the orders service.",
          "Two issues: the pool is never released on error (pool.ts:88) and the max size ignores the env variable. Tests pass otherwise.",
        ],
        ["Are the failing tests related to the change?", "No, auth.spec.ts fails on main as well; it is a known flaky test."],
      ],
      [
        [
          "Review PR #517 that refactors auth middleware.",
          "The refactor looks good, but concurrent requests can refresh the same token twice (middleware.ts:41).",
        ],
        [
          "Can you suggest a fix for the token refresh race?",
          "Wrap the refresh in a single-flight promise so concurrent requests share one refresh; I left a suggestion on line 41.",
        ],
      ],
      [
        [
          "Check PR #530 for accessibility issues in the Button component.",
          "The Button lacks a visible focus ring and an aria-label when it only shows an icon; I left two comments.",
        ],
      ],
    ],
  },
  {
    name: "Sales SDR",
    system: "You qualify inbound leads, look them up in the CRM and book meetings for account executives.",
    models: ["gpt-4o-mini", "gemini-2.0-flash"],
    tools: [
      {
        name: "crm_lookup",
        description: "Find an account in the CRM",
        args: (r) => ({ domain: r.pick(["globex.com", "initech.io", "umbrella.health", "stark.industries"]) }),
        result: (r) => ({ accountId: `acc_${r.hex(8)}`, employees: r.int(50, 20000), stage: r.pick(["lead", "MQL", "SQL"]) }),
        error: "CRMError: 401 OAuth token expired",
      },
      {
        name: "schedule_meeting",
        description: "Book a meeting with an account executive",
        args: (r) => ({ attendee: `${r.pick(["sam", "alex", "kim"])}@example.com`, slot: `2026-0${r.int(1, 9)}-${r.int(10, 28)}T15:00:00Z` }),
        result: (r) => ({ meetingId: `mtg_${r.hex(8)}`, calendar: "sales-team" }),
        error: "CalendarConflict: the slot is no longer available",
      },
    ],
    conversations: [
      [
        [
          "New inbound lead from globex.com asking about enterprise pricing.",
          "Globex is a 4,800-employee account already in MQL stage; enterprise pricing starts at 50 seats, I drafted a reply.",
        ],
        ["Book a call with their CTO next week.", "Booked a discovery call with their CTO for Tuesday 15:00 UTC and sent the invite."],
      ],
      [
        [
          "Qualify this lead: 200-person fintech, wants SSO and audit logs.",
          "Qualified: budget confirmed, and SSO plus audit logs are on the Enterprise plan.",
        ],
        ["Send them a follow-up.", "Follow-up sent with the Enterprise plan sheet and the security whitepaper."],
      ],
    ],
  },
  {
    name: "Data Analyst",
    system: "You answer business questions with SQL over the warehouse and explain the numbers plainly.",
    models: ["claude-sonnet-4-20250514", "gpt-4o", "gemini-2.5-pro"],
    tools: [
      {
        name: "run_sql",
        description: "Run a read-only SQL query on the warehouse",
        args: (r) => ({
          sql: r.pick([
            "SELECT region, sum(revenue) FROM sales WHERE month = '2026-05' GROUP BY 1",
            "SELECT count(*) FROM churned_accounts WHERE churned_at > now() - interval '30 days'",
            "SELECT plan, avg(seats) FROM subscriptions GROUP BY plan",
          ]),
        }),
        result: (r) => ({
          rows: r.int(1, 40),
          columns: ["region", "revenue"],
          sample: [
            ["EMEA", r.int(100000, 900000)],
            ["NA", r.int(100000, 900000)],
          ],
        }),
        error: "QueryTimeout: statement exceeded 30s (canceled by statement_timeout)",
      },
      {
        name: "plot_chart",
        description: "Render a chart from query results",
        args: (r) => ({ kind: r.pick(["bar", "line"]), title: "Revenue by region" }),
        result: () => ({ imageUrl: "https://charts.example.com/c/42.png" }),
        error: "RenderError: too many series (max 20)",
      },
    ],
    conversations: [
      [
        ["What was revenue by region last month?", "Revenue last month: EMEA $612k, NA $844k, APAC $201k (APAC down 12% month over month)."],
        ["Plot it as a bar chart.", "Here is the bar chart of revenue by region for last month."],
        ["Why is APAC down?", "Mostly because two large renewals in Japan slipped into this month; new business in APAC is flat."],
      ],
      [
        ["How many accounts churned in the last 30 days?", "37 accounts churned in the last 30 days, 70% of them on the Starter plan."],
        ["Which plan did they mostly use?", "Starter: 26 of the 37; the rest were Pro accounts with fewer than 5 seats."],
      ],
    ],
  },
];

export const CUSTOM_METADATA = {
  environment: ["production", "production", "production", "staging"],
  appVersion: ["2.14.0", "2.14.1", "2.15.0"],
  channel: ["web", "web", "slack", "api", "mobile"],
  plan: ["free", "pro", "pro", "enterprise"],
};
