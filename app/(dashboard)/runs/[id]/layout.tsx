import type { ReactNode } from "react";
import { requireRun } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

// Resolves the run above the loading boundary, so an unknown run is a real 404.
export default async function RunLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRun(decodeSegment(id), null);
  return children;
}
