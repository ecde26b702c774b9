import type { Metadata } from "next";
import { PatternFormView } from "@/components/patterns/pattern-form-view";

export const metadata: Metadata = { title: "Edit pattern" };

export default async function EditPatternPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PatternFormView id={id} />;
}
