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

/** A same-site path to return to after sign-in; anything else (absolute or protocol-relative URLs) becomes /runs. */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/runs";
  if (value.startsWith("/login") || value.startsWith("/setup") || value.startsWith("/api/")) return "/runs";
  return value;
}
