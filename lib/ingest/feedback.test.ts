import { describe, expect, it } from "vitest";
import { FEEDBACK_BODY, parseFeedback } from "./feedback";

// FEEDBACK_BODY documents the body in the OpenAPI document; parseFeedback is what the route runs.
describe("FEEDBACK_BODY agrees with parseFeedback", () => {
  const valid = [
    { runId: "r1", score: "thumbs_up" },
    { runId: "r1", score: "thumbs_down", text: "wrong answer" },
    { runId: "r1", text: "meh" },
    { runId: "r1", score: null, text: "meh" },
  ];
  const invalid = [
    {},
    { runId: "", score: "thumbs_up" },
    { runId: "r1", score: "5" },
    { runId: "r1", text: "x".repeat(2001) },
    { runId: "x".repeat(513), score: "thumbs_up" },
  ];

  it.each(valid)("accepts %j", (body) => {
    expect(FEEDBACK_BODY.safeParse(body).success).toBe(true);
    expect(() => parseFeedback(body)).not.toThrow();
  });

  it.each(invalid)("refuses %j", (body) => {
    expect(FEEDBACK_BODY.safeParse(body).success).toBe(false);
    expect(() => parseFeedback(body)).toThrow();
  });
});
