// Turns an error message into the line that identifies it: its first meaningful line, with the
// values that vary between occurrences of one error (ids, hosts, numbers, times, paths, …)
// replaced by a marker such as <int>. Modelled on Sentry's message parameterisation (one ordered
// pass of alternatives; at each position the first alternative that matches wins).
//
// Every pattern is linear in practice and the input is capped, so a hostile message costs a
// bounded amount of CPU (signatures are computed on the ingestion path).

/** Longest first line considered; errors differing only after it share a group. */
export const MAX_LINE = 1000;

/** The marker names a parameterised message may contain, e.g. "timeout of <duration> exceeded". */
export const PLACEHOLDERS = [
  "email",
  "url",
  "path",
  "host",
  "ip",
  "traceparent",
  "uuid",
  "hex",
  "date",
  "duration",
  "id",
  "float",
  "int",
  "quoted",
  "bool",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const TLDS =
  "com|net|org|io|ai|dev|app|co|us|uk|de|fr|jp|cn|in|eu|ca|au|nl|ch|se|no|es|it|br|ru|pl|be|at|dk|fi|ie|nz|sg|hk|kr|tw|il|za|mx|ar|cl|pt|cz|gr|hu|ro|info|biz|xyz|cloud|tech|site|online|me|tv|gov|edu|mil|int|local|internal|test|example|svc|cluster|amazonaws|azure|windows";

const IPV4 = String.raw`(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const H = "[0-9a-fA-F]{1,4}";
const MONTH = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
const WEEKDAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";

// What a line must contain for an alternative to match anywhere in it: alternatives whose
// condition fails are left out of the regex used for that line (one compiled regex per set of
// conditions, cached), which makes the common line several times cheaper to parameterise.
const GATES = {
  digit: /\d/,
  at: /@/,
  scheme: /:\/\//,
  slash: /[/\\]/,
  dot: /\./,
  ipv6: /::/,
  star: /\*/,
  equals: /=/,
} as const;
type Gate = keyof typeof GATES;
const GATE_NAMES = Object.keys(GATES) as Gate[];

interface Alternative {
  name: Placeholder | "keep";
  /** The alternative applies when the line passes any of these gates. */
  gates: Gate[];
  source: string;
}

/**
 * The alternatives, in priority order. `keep` matches values that identify an error rather than
 * vary within it (HTTP statuses, exit and error codes) so the number patterns below leave them.
 */
export const PATTERNS: Alternative[] = [
  {
    name: "keep",
    gates: ["digit"],
    source: [
      String.raw`\b(?:status(?:[ _]?code)?|code|errno|exit(?:ed with)? code|HTTP(?:\/\d(?:\.\d)?)?|SQLSTATE)["']?\s*[:=]?\s*\(?\d{1,5}\b`,
      String.raw`\[Errno \d+\]`,
      String.raw`^[1-5]\d\d\b`,
      String.raw`\b(?:returned|got|received|responded with|[Ee]rror):?\s+[1-5]\d\d\b`,
      String.raw`\b[1-5]\d\d(?= [A-Z][A-Za-z]+| -|:|\])`,
    ].join("|"),
  },
  { name: "email", gates: ["at"], source: String.raw`(?<![\w.+%-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+` },
  { name: "url", gates: ["scheme"], source: String.raw`\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}:\/\/[^\s'"<>()\[\]{},]+` },
  { name: "traceparent", gates: ["digit"], source: String.raw`\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]\b` },
  { name: "uuid", gates: ["digit"], source: String.raw`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b` },
  {
    name: "date",
    gates: ["digit"],
    source: String.raw`\b\d{4}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?|\b(?:(?:${WEEKDAY}),? )?(?:\d{1,2} (?:${MONTH}) \d{4}|(?:${MONTH}) \d{1,2},? \d{4})(?: [0-2]\d:[0-5]\d(?::[0-5]\d)?)?(?: (?:GMT|UTC|[+-]\d{4}))?|(?<![\d:])[0-2]?\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?![\d:])`,
  },
  {
    name: "ip",
    gates: ["digit", "ipv6"],
    source: String.raw`(?<![\w:.])(?:${IPV4}|(?:${H}:){7}${H}|(?:${H}(?::${H})*)?::(?:${H}(?::${H})*)?(?::${IPV4})?)(?![\w.])`,
  },
  {
    name: "path",
    gates: ["slash"],
    source: String.raw`(?<![\w.:/])(?:\/[\w.@~+-]+){2,}\/?(?:\?[^\s'"()]*)?|\b[A-Za-z]:\\(?:[^\\\s'"]+\\)+[^\\\s'"]*|(?<![\w/])\.{1,2}(?:\/[\w.@~+-]+)+`,
  },
  { name: "host", gates: ["dot"], source: String.raw`\b(?:[A-Za-z0-9-]{1,63}\.)+(?:${TLDS})\b(?!\.\w)` },
  {
    name: "hex",
    gates: ["digit"],
    source: String.raw`\b0[xX][0-9a-fA-F]+\b|\b(?=[a-f]*\d)[0-9a-f]{8,128}\b|\b(?=[A-F]*\d)[0-9A-F]{8,128}\b|\b(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{7}\b`,
  },
  { name: "duration", gates: ["digit"], source: String.raw`\b\d+(?:\.\d+)?\s?(?:ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?)\b` },
  // Generated ids: a short prefix and a random tail (req_…, msg_…, org-…, sk-proj-…), or a letter
  // prefix and a long number (A1043, INV2024001).
  {
    name: "id",
    gates: ["digit", "star"],
    source: String.raw`\b[A-Za-z]{1,12}[_-](?:[A-Za-z]{1,8}[_-])?(?=[A-Za-z0-9*]*[\d*])[A-Za-z0-9*]{6,}\b|\b[A-Za-z]{1,3}-?\d{3,}\b`,
  },
  { name: "float", gates: ["digit"], source: String.raw`(?<![\w.])-?\d+\.\d+\b` },
  { name: "int", gates: ["digit"], source: String.raw`(?<![\w.])-?\d+(?:,\d{3})*\b` },
  { name: "quoted", gates: ["equals"], source: String.raw`(?<==)(?:'[^']*'|"[^"]*")` },
  { name: "bool", gates: ["equals"], source: String.raw`(?<==)(?:true|false|True|False)\b` },
];

const combined = new Map<number, { re: RegExp | null; names: string[] }>();

/** The combined regex of the alternatives a line's gates allow (null: nothing can match). */
function regexFor(line: string) {
  let mask = 0;
  GATE_NAMES.forEach((g, i) => {
    if (GATES[g].test(line)) mask |= 1 << i;
  });
  let entry = combined.get(mask);
  if (!entry) {
    const alts = PATTERNS.filter((p) => p.gates.some((g) => mask & (1 << GATE_NAMES.indexOf(g))));
    const re = alts.length ? new RegExp(alts.map((a) => `(?<${a.name}>${a.source})`).join("|"), "g") : null;
    entry = { re, names: alts.map((a) => a.name) };
    combined.set(mask, entry);
  }
  return entry;
}

// Error codes that look like generated ids but name the error (MongoDB E11000, TypeScript TS2304,
// Prisma P2002, Oracle ORA-00942).
const CODE_LIKE = /^(?:E\d+|TS\d+|P\d{4}|ORA-\d+)$/;

function replacement(names: string[], match: string, groups: Record<string, string | undefined>): string {
  const name = names.find((n) => groups[n] !== undefined);
  if (!name || name === "keep") return match;
  if (name === "ip" && !/[0-9a-fA-F]/.test(match)) return match; // a bare "::" (Foo::bar, "error::")
  // Node writes an IPv6 address and its port with one colon ("::1:5432"): keep the two apart as
  // for IPv4, so both kinds of address give one template.
  if (name === "ip" && match.includes("::") && /::.*:\d{2,5}$/.test(match)) return "<ip>:<int>";
  if (name === "id" && CODE_LIKE.test(match)) return match;
  return `<${name}>`;
}

/**
 * The line of a message that names the error: the first non-empty line, except in a Python
 * traceback, whose last unindented line is the exception ("KeyError: 'customer'").
 */
export function firstLine(message: string): string {
  const text = message.length > 20_000 ? message.slice(0, 10_000) + "\n" + message.slice(-10_000) : message;
  if (text.includes("Traceback (most recent call last)")) {
    const lines = text.split(/\r?\n/);
    const tb = lines.findIndex((l) => l.trimStart().startsWith("Traceback (most recent call last)"));
    for (let i = lines.length - 1; i > tb; i--) {
      const l = lines[i]!;
      if (l.trim() && !/^\s/.test(l) && !l.startsWith("During handling") && !l.startsWith("The above exception")) return clean(l);
    }
  }
  // The first non-blank line, without splitting the whole message.
  const start = text.search(/\S/);
  if (start < 0) return "";
  const end = text.indexOf("\n", start);
  return clean(end < 0 ? text.slice(start) : text.slice(start, end));
}

const clean = (line: string) => line.replace(/\s+/g, " ").trim().slice(0, MAX_LINE);

/** Replaces the variable parts of one line with <name> markers. */
export function parameterize(line: string): string {
  const input = line.slice(0, MAX_LINE);
  const { re, names } = regexFor(input);
  if (!re) return input;
  const out = input.replace(re, (match: string, ...rest: unknown[]) => replacement(names, match, rest[rest.length - 1] as Record<string, string | undefined>));
  return out.slice(0, MAX_LINE);
}

/** Splits a parameterised message into text and markers, for rendering the markers apart. */
export function templateParts(template: string): Array<{ text: string; placeholder: boolean }> {
  const out: Array<{ text: string; placeholder: boolean }> = [];
  const re = new RegExp(`<(?:${PLACEHOLDERS.join("|")})>`, "g");
  let last = 0;
  for (const m of template.matchAll(re)) {
    if (m.index > last) out.push({ text: template.slice(last, m.index), placeholder: false });
    out.push({ text: m[0], placeholder: true });
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push({ text: template.slice(last), placeholder: false });
  return out;
}
