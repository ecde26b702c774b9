import type { Metadata } from "next";
import { NotBuilt } from "@/components/shell/not-built";

export const metadata: Metadata = { title: "Recaps" };

export default function Page() {
  return <NotBuilt page="recaps" />;
}
