import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/shell/setup-form";
import { hasAnyUser } from "@/lib/auth/users";
import { sightline } from "@/lib/server/sightline";

export const metadata: Metadata = { title: "Set up" };

/** Only while the instance has no user; afterwards accounts come from an admin or OAuth. */
export default async function SetupPage() {
  const { db } = await sightline();
  if (await hasAnyUser(db)) redirect("/login");
  return <SetupForm />;
}
