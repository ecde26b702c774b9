import type { Metadata } from "next";
import { PatternFormView } from "@/components/patterns/pattern-form-view";

export const metadata: Metadata = { title: "New pattern" };

export default async function NewPatternPage({ searchParams }: { searchParams: Promise<{ agent?: string | string[] }> }) {
  const { agent } = await searchParams;
  return <PatternFormView agentSlug={typeof agent === "string" ? agent : null} />;
}
