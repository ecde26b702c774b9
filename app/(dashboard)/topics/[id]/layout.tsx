import type { ReactNode } from "react";
import { requireTopic } from "@/lib/server/guards";
import { decodeSegment } from "@/lib/urls/nav";

// Resolves the topic above the loading boundary, so an unknown topic is a real 404.
export default async function TopicLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireTopic(decodeSegment(id), null);
  return children;
}
