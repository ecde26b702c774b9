// Sign-in and first-run sign-up inputs. Plain zod (no server imports), so forms and server
// actions validate with the same rules.
import { z } from "zod";

export const PASSWORD_MIN = 8;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Enter your email address.")
  .max(320, "That email address is too long.")
  .regex(/^[^\s@]+@[^\s@]+$/, "Enter a valid email address.");

export const setupSchema = z
  .object({
    name: z.string().trim().max(120, "Use at most 120 characters.").optional().default(""),
    email: emailSchema,
    password: z.string().min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`).max(200, "Use at most 200 characters."),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

export type SetupInput = z.infer<typeof setupSchema>;

// Any origin will do: it only anchors relative paths, and a value that leaves it is refused.
const CALLBACK_BASE = "http://sightline.invalid";
const NOT_A_CALLBACK = ["/login", "/setup", "/api/"];

/**
 * A same-site path to return to after sign-in; anything else becomes /runs.
 *
 * The value is read the way a browser reads a Location header (the WHATWG URL parser): it drops
 * tabs, CR and LF anywhere, trims leading and trailing spaces and control characters, and reads
 * "\" as "/". Checking the raw string instead let "/\t/evil.example" through, which a browser
 * follows to evil.example; and a CR or LF reached the Location header and failed the answer.
 * The result is the parser's own serialisation (percent-encoded ASCII), so it is safe in a header.
 */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value) return "/runs";
  const trimmed = value.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
  // Only absolute paths: a relative one ("runs") would resolve against /login, not the root.
  if (!trimmed.startsWith("/") && !trimmed.startsWith("\\")) return "/runs";
  let url: URL;
  try {
    url = new URL(value, CALLBACK_BASE);
  } catch {
    return "/runs";
  }
  if (url.origin !== CALLBACK_BASE) return "/runs";
  if (NOT_A_CALLBACK.some((p) => url.pathname.startsWith(p))) return "/runs";
  return `${url.pathname}${url.search}${url.hash}`;
}
