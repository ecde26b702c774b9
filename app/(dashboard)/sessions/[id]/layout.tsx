import type { ReactNode } from "react";
import { decodeSegment } from "@/lib/urls/nav";
import { requireSession } from "@/lib/server/guards";

// Resolves the session before anything streams, so an unknown session is a real 404.
export default async function SessionLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(decodeSegment(id), null);
  return children;
}
