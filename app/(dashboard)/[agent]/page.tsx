import { redirect } from "next/navigation";

export default async function AgentHome({ params }: { params: Promise<{ agent: string }> }) {
  const { agent } = await params;
  redirect(`/${agent}/runs`);
}
