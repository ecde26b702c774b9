import { describe, expect, test } from "vitest";
import { detectBuiltinPatterns } from "./builtin";
import { detectConfusion } from "./confusion";
import { conversation, runFacts, toolCall } from "./fixtures";
import { detectFrustration } from "./frustration";
import { detectTaskFailure } from "./task-failure";
import { argumentsKey, detectRepeatedCalls, detectToolErrorLoop } from "./tool-patterns";
import { maskQuoted } from "./text";
import type { Evidence } from "./types";

const highlighted = (e?: Evidence) => (e?.highlight ? e.text.slice(...e.highlight) : null);

describe("frustration", () => {
  test("evidence points at the phrase in the user's turn", () => {
    const m = detectFrustration(
      conversation([
        ["Cancel my plan", "Would you like to pause instead?"],
        ["No. For the third time: cancel it.", "Done."],
      ]),
    );
    expect(m?.evidence[0]).toMatchObject({ source: "turn", ref: "run-2" });
    expect(highlighted(m!.evidence[0])).toBe("For the third time");
  });

  test("is looked for in conversational runs only", () => {
    const ctx = conversation([
      ["x", "y"],
      ["You're not listening to me.", "Sorry."],
    ]);
    expect(detectFrustration(ctx)).not.toBeNull();
    expect(detectFrustration({ ...ctx, run: { ...ctx.run, conversational: false } })).toBeNull();
  });

  test("venting about a third party is not frustration with the agent", () => {
    expect(detectFrustration(conversation([["My landlord is useless, how do I send a wire?", "Pay & Transfer > Wire."]]))).toBeNull();
    expect(
      detectFrustration(
        conversation([
          ["a", "b"],
          ["This bot is useless.", "Sorry."],
        ]),
      ),
    ).not.toBeNull();
  });

  test("asking for a person counts only after the agent has answered once", () => {
    expect(detectFrustration(conversation([["Can I speak to a human about my mortgage?", "Sure, here is the number."]]))).toBeNull();
    expect(
      detectFrustration(
        conversation([
          ["Change my seat", "I can't change seats."],
          ["Let me talk to a real person.", "Transferring."],
        ]),
      ),
    ).not.toBeNull();
  });

  test("a judgement in a session's first turn is frustration only when it names the agent", () => {
    const outage = "Is there an outage in SE15? Nothing works since this morning and it's really annoying.";
    const first = conversation([[outage, "Yes, engineers are on it."]]);
    expect(detectFrustration(first)).toBeNull();
    // Without a session the turns before it are unknown: the judgement counts.
    expect(detectFrustration({ ...first, run: { ...first.run, sessionId: null } })).not.toBeNull();
    expect(detectFrustration(conversation([["Is there an outage? Honestly, you are useless.", "Yes."]]))).not.toBeNull();
    // The same words after an answer of the agent's are aimed at it.
    expect(
      detectFrustration(
        conversation([
          ["Is there an outage?", "Please restart your router."],
          ["This is really annoying.", "Sorry."],
        ]),
      ),
    ).not.toBeNull();
  });

  test("giving up is frustration, but not when the user judges the matter not worth it", () => {
    const asked: [string, string] = ["Was anything of yours damaged?", "Tell me what was damaged."];
    expect(detectFrustration(conversation([asked, ["my toaster and some food. forget it, not worth it", "Understood."]]))).toBeNull();
    expect(detectFrustration(conversation([asked, ["my toaster and some food. forget it.", "Understood."]]))).not.toBeNull();
  });

  test("repeating a request the agent failed is frustration; asking something new is not", () => {
    const failed: [string, string] = ["how do I merge two duplicate companies", "I couldn't find any articles about that."];
    expect(detectFrustration(conversation([failed, ["merge duplicate company records, how?", "..."]]))).not.toBeNull();
    expect(detectFrustration(conversation([failed, ["ok, how do I export invoices?", "..."]]))).toBeNull();
  });

  test("a thumbs down whose text complains is frustration; a neutral suggestion is not", () => {
    const complaint = runFacts({ feedback: [{ id: "f1", score: -1, text: "Wrong answer, it guessed." }] });
    expect(detectFrustration({ run: complaint, previous: [] })?.evidence[0]).toMatchObject({ source: "feedback", ref: "f1" });
    const neutral = runFacts({ feedback: [{ id: "f2", score: -1, text: "a weekly breakdown would be nice" }] });
    expect(detectFrustration({ run: neutral, previous: [] })).toBeNull();
  });

  test("quoted words are someone else's", () => {
    expect(
      detectFrustration(
        conversation([
          ["a", "b"],
          ['The review says "this is useless" - what does the customer mean?', "..."],
        ]),
      ),
    ).toBeNull();
  });
});

describe("confusion", () => {
  test("needs an earlier answer: a first question about the user's own data is not confusion", () => {
    expect(detectConfusion(conversation([["What does 'net 30' mean on my invoice?", "Payment is due in 30 days."]]))).toBeNull();
    expect(
      detectConfusion(
        conversation([
          ["How do I add a field?", "You need a Pro seat."],
          ["What do you mean by a Pro seat?", "..."],
        ]),
      ),
    ).not.toBeNull();
  });

  test("a contradiction the user points out", () => {
    const m = detectConfusion(
      conversation([
        ["Is Zelle free?", "Yes."],
        ["Then why this fee? You just said it's free.", "..."],
      ]),
    );
    expect(highlighted(m!.evidence[0])).toBe("You just said");
  });

  test("a question about a term the agent just used", () => {
    const ctx = conversation([
      ["Why is it unsubscribed?", "It was suppressed by a list-wide opt-out."],
      ["What's a list-wide opt-out?", "..."],
    ]);
    expect(detectConfusion(ctx)).not.toBeNull();
    const fresh = conversation([
      ["Why is it unsubscribed?", "It hard-bounced."],
      ["What's a good open rate?", "..."],
    ]);
    expect(detectConfusion(fresh)).toBeNull();
  });

  test("a choice question is not confusion", () => {
    expect(
      detectConfusion(
        conversation([
          ["CD terms?", "6 or 12 months."],
          ["Which one would you pick for money I need next summer?", "..."],
        ]),
      ),
    ).toBeNull();
  });
});

describe("task_failure", () => {
  test("a failed run, an empty answer, a refusal", () => {
    expect(detectTaskFailure(runFacts({ status: 2, statusMessage: "429 rate limit" }))?.evidence[0]).toMatchObject({ source: "run", text: "429 rate limit" });
    expect(detectTaskFailure(runFacts({ response: "  " }))?.evidence[0]?.source).toBe("response");
    const m = detectTaskFailure(runFacts({ response: "Sorry, I'm not able to change transfer limits." }));
    expect(highlighted(m!.evidence[0])).toBe("I'm not able");
  });

  test("quoted refusals, third parties and 'can't recommend enough' are not failures", () => {
    for (const response of [
      "The letter says: 'We were unable to approve your application.' Paying down the loan would help.",
      'The error "unable to locate config" means the file name is wrong.',
      "It means Node is unable to bind the port; stop the other process.",
      "I can't recommend the Sky Lagoon enough.",
      "I couldn't find any issues in your config: it looks correct.",
    ]) {
      expect(detectTaskFailure(runFacts({ response })), response).toBeNull();
    }
  });

  test("masking keeps offsets", () => {
    const s = `He said "I can't" and 'we won't' today; don't mask this`;
    expect(maskQuoted(s)).toHaveLength(s.length);
    expect(maskQuoted(s)).toContain("don't mask this");
    expect(maskQuoted(s)).not.toContain("can't");
  });
});

describe("tool patterns", () => {
  const calls = (n: number, over = {}) => Array.from({ length: n }, (_, i) => toolCall({ id: `tc-${i}`, ...over }));

  test("tool_error_loop: one tool failing 3 times, not 2, nor failures spread over tools", () => {
    expect(detectToolErrorLoop(runFacts({ toolCalls: calls(3, { failed: true, error: "503" }) }))?.evidence).toHaveLength(3);
    expect(detectToolErrorLoop(runFacts({ toolCalls: calls(2, { failed: true, error: "503" }) }))).toBeNull();
    const spread = [...calls(2, { failed: true }), toolCall({ id: "x", name: "other", failed: true })];
    expect(detectToolErrorLoop(runFacts({ toolCalls: spread }))).toBeNull();
  });

  test("repeated_calls: identical arguments whatever their key order; different arguments do not count", () => {
    const same = ['{"a":1,"b":[1,{"c":2,"d":3}]}', '{"b":[1,{"d":3,"c":2}],"a":1}', ' {"a":1,"b":[1,{"c":2,"d":3}]}'];
    expect(detectRepeatedCalls(runFacts({ toolCalls: same.map((args, i) => toolCall({ id: `t${i}`, args })) }))).not.toBeNull();
    const differ = ['{"page":1}', '{"page":2}', '{"page":3}'];
    expect(detectRepeatedCalls(runFacts({ toolCalls: differ.map((args, i) => toolCall({ id: `t${i}`, args })) }))).toBeNull();
    expect(argumentsKey("not json")).toBe("not json");
    expect(argumentsKey(null)).toBe(argumentsKey(""));
  });
});

test("detectBuiltinPatterns returns every match of a run", () => {
  const ctx = conversation([
    ["x", "y"],
    ["Seriously? Try again.", ""],
  ]);
  ctx.run.toolCalls = Array.from({ length: 3 }, (_, i) => toolCall({ id: `t${i}`, failed: true, error: "timeout" }));
  expect(detectBuiltinPatterns(ctx).map((m) => m.key)).toEqual(["frustration", "task_failure", "tool_error_loop", "repeated_calls"]);
});

test("huge texts are read only up to a bound", () => {
  const prompt = "a".repeat(2_000_000) + " you're not listening";
  expect(
    detectFrustration(
      conversation([
        ["x", "y"],
        [prompt, "z"],
      ]),
    ),
  ).toBeNull();
});
