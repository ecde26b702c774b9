// The filter fields the runs table, the sessions table and the search results share, declared once
// so the same parameter reads the same everywhere (lib/validations/lists.ts parses them).
import type { FilterField } from "./filter-bar";

/** The Agent select, left out on an agent's own pages (the path already scopes them). */
export const agentField = (agentScope: string | null, agents: Array<{ name: string; slug: string }>): FilterField[] =>
  agentScope ? [] : [{ key: "agent", label: "Agent", type: "select", options: agents.map((a) => ({ value: a.slug, label: a.name })) }];

export const statusField = (ok = "ok", failed = "error"): FilterField => ({
  key: "status",
  label: "Status",
  type: "select",
  options: [
    { value: "success", label: ok },
    { value: "error", label: failed },
  ],
});

export const FEEDBACK_FIELD: FilterField = {
  key: "feedback",
  label: "Feedback",
  type: "select",
  options: [
    { value: "thumbs_up", label: "thumbs up" },
    { value: "thumbs_down", label: "thumbs down" },
    { value: "any", label: "any" },
    { value: "none", label: "none" },
  ],
};

export const CONVERSATIONAL_FIELD: FilterField = {
  key: "conversational",
  label: "Type",
  type: "select",
  options: [
    { value: "true", label: "conversational" },
    { value: "false", label: "background" },
  ],
};

const text = (key: string, label: string, placeholder: string): FilterField => ({ key, label, type: "text", placeholder });
export const USER_FIELD = text("userId", "User", "User id");
export const ORG_FIELD = text("orgId", "Org", "Org id");
export const SESSION_FIELD = text("sessionId", "Session", "Session id");
export const MODEL_FIELD = text("model", "Model", "Model");
export const TOPIC_FIELD = text("topic", "Topic", "Topic id");
export const FAILURE_FIELD = text("failure", "Failure", "Error signature");
