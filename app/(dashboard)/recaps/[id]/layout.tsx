import type { ReactNode } from "react";
import { requireRecap } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

// Resolves the recap above the loading boundary, so an unknown recap is a real 404.
export default async function RecapLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecap(decodeSegment(id), null);
  return children;
}
