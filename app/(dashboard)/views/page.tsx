import type { Metadata } from "next";
import { ViewsView } from "@/components/views/views-view";

export const metadata: Metadata = { title: "Views" };

export default async function ViewsPage() {
  return <ViewsView />;
}
