// A run plan: one agent turn described once (prompt, LLM calls, tool calls, timings, usage,
// failures), independent of the wire format. encode.mjs turns a plan into AI SDK OTLP spans,
// GenAI OTLP spans or a /v1/custom batch.
import { AGENTS, CUSTOM_METADATA, MODELS } from "./catalog.mjs";

/**
 * @param rng  makeRng() instance (all randomness comes from it)
 * @param o    { agent, start (ms), prompt, answer, history?: [{user, assistant}], sessionId?,
 *               conversational?, user?, toolCount?, failTool?, failRun?, runId?, custom? }
 */
export function planRun(rng, o) {
  const agent = o.agent;
  const model = o.model ?? rng.pick(agent.models);
  const { provider, genAiProvider } = MODELS[model] ?? { provider: "openai.chat", genAiProvider: "openai" };
  const toolCount = o.toolCount ?? rng.pick([0, 1, 1, 2, 2, 3]);
  const failIndex = o.failTool && toolCount > 0 ? rng.int(0, toolCount - 1) : -1;
  const history = o.history ?? [];

  // The conversation as the model sees it (AI SDK message format), growing call by call.
  const messages = [{ role: "system", content: agent.system }];
  for (const h of history) {
    messages.push({ role: "user", content: [{ type: "text", text: h.user }] });
    messages.push({ role: "assistant", content: [{ type: "text", text: h.assistant }] });
  }
  messages.push({ role: "user", content: [{ type: "text", text: o.prompt }] });

  let t = o.start + rng.int(2, 20);
  const steps = [];
  const tools = [];
  const baseInput = 150 + agent.system.length / 4 + history.length * 120;
  for (let i = 0; i <= toolCount; i++) {
    const last = i === toolCount;
    const duration = rng.int(400, last ? 4000 : 1800);
    const inputTokens = Math.round(baseInput + i * 220 + rng.int(0, 300));
    const cached = i > 0 || history.length ? Math.round(inputTokens * rng.pick([0, 0.4, 0.7])) : 0;
    const step = {
      spanId: rng.hex(16),
      responseId: `resp_${rng.hex(12)}`,
      start: t,
      end: t + duration,
      model,
      provider,
      genAiProvider,
      input: structuredClone(messages),
      usage: { input: inputTokens, cached, output: last ? rng.int(60, 420) : rng.int(12, 60) },
      text: null,
      toolCalls: [],
      finishReason: last ? "stop" : "tool-calls",
      error: null,
    };
    steps.push(step);
    t = step.end + rng.int(1, 15);
    if (!last) {
      const def = agent.tools[(i + rng.int(0, agent.tools.length - 1)) % agent.tools.length];
      const args = def.args(rng);
      const callId = `call_${rng.hex(20)}`;
      step.toolCalls.push({ id: callId, name: def.name, args });
      const failed = i === failIndex;
      const tool = {
        spanId: rng.hex(16),
        callId,
        name: def.name,
        args,
        result: failed ? null : def.result(rng, args),
        error: failed ? def.error : null,
        start: t,
        end: t + rng.int(30, failed ? 10_000 : 1500),
        step: i,
      };
      tools.push(tool);
      t = tool.end + rng.int(1, 15);
      messages.push({ role: "assistant", content: [{ type: "tool-call", toolCallId: callId, toolName: def.name, input: args }] });
      messages.push({
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: callId,
            toolName: def.name,
            output: failed ? { type: "error-text", value: def.error } : { type: "json", value: tool.result },
          },
        ],
      });
    }
  }

  const final = steps[steps.length - 1];
  let status = 0;
  let statusMessage = null;
  let response = o.answer;
  if (o.failRun) {
    status = 2;
    statusMessage = rng.pick([
      "APIError: 529 Overloaded (the provider is temporarily overloaded)",
      "RateLimitError: 429 rate limit reached for requests per minute",
      "AI_RetryError: Failed after 3 attempts. Last error: socket hang up",
      "ContextLengthExceeded: 131072 tokens is the maximum, you requested 140310",
    ]);
    final.error = statusMessage;
    final.finishReason = "error";
    final.usage.output = 0;
    response = null;
  } else {
    if (failIndex >= 0) response = `${response} (Note: one of my tools failed, so part of this may be incomplete.)`;
    final.text = response;
  }

  const custom = o.custom ?? {};
  for (const [k, values] of Object.entries(CUSTOM_METADATA)) if (!(k in custom)) custom[k] = rng.pick(values);
  return {
    runId: o.runId ?? rng.uuid(),
    traceId: rng.hex(32),
    rootSpanId: rng.hex(16),
    agent: agent.name,
    functionId: agent.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    system: agent.system,
    prompt: o.prompt,
    response,
    start: o.start,
    end: t + rng.int(1, 10),
    status,
    statusMessage,
    model,
    provider,
    genAiProvider,
    toolDefs: agent.tools.map((d) => ({ type: "function", name: d.name, description: d.description, inputSchema: { type: "object" } })),
    meta: {
      sessionId: o.sessionId ?? null,
      conversational: o.conversational ?? null,
      userId: o.user?.id ?? null,
      userName: o.user?.name ?? null,
      orgId: o.user?.org?.id ?? null,
      orgName: o.user?.org?.name ?? null,
      custom,
    },
    steps,
    tools,
  };
}

/** Totals over the plan's LLM calls. */
export function planUsage(plan) {
  const u = { input: 0, output: 0, cached: 0 };
  for (const s of plan.steps) {
    u.input += s.usage.input;
    u.output += s.usage.output;
    u.cached += s.usage.cached;
  }
  return u;
}

/**
 * The i-th run of the benchmarks' mixed workload: the agents in turn, a conversation of its own,
 * 3 tool calls by default, a failed tool call in 10% of runs, a failed run in 3%, conversational,
 * sessions of 3 runs (`sess-<session>-<n>`), one run every 50 ms from `start`. The caller sets the ids.
 */
export function workloadRun(rng, i, { users, start, session, toolCount = 3 }) {
  const agent = AGENTS[i % AGENTS.length];
  const [prompt, answer] = rng.pick(agent.conversations)[0];
  return planRun(rng, {
    agent,
    start: start + i * 50,
    prompt,
    answer,
    toolCount,
    failTool: rng.chance(0.1),
    failRun: rng.chance(0.03),
    user: rng.pick(users),
    sessionId: `sess-${session}-${Math.floor(i / 3)}`,
    conversational: true,
  });
}
