// LangChain and LangGraph write their own keys into every run's metadata (`ls_provider`,
// `ls_model_name`, `langgraph_node`, `langgraph_step`, `checkpoint_ns`, `versions`, …), and
// instrumentations copy that metadata onto spans. They are not the user's custom metadata.
import type { RawMetadata } from "../../model";

const PREFIXES = ["ls_", "langgraph_", "__pregel", "checkpoint_"];
const KEYS = new Set(["versions", "thread_ts"]);

export function isFrameworkKey(key: string): boolean {
  return KEYS.has(key) || PREFIXES.some((p) => key.startsWith(p));
}

export function withoutFrameworkKeys(carrier: RawMetadata): RawMetadata {
  const out: RawMetadata = {};
  for (const [k, v] of Object.entries(carrier)) if (!isFrameworkKey(k)) out[k] = v;
  return out;
}
