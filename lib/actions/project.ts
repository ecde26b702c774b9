"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { PROJECT_COOKIE, requireViewer } from "@/lib/server/session";

/** Makes `projectId` the viewer's current project, if they may see it. */
export async function switchProject(projectId: unknown): Promise<{ ok: boolean; error?: string }> {
  const id = z.string().min(1).max(200).safeParse(projectId);
  if (!id.success) return { ok: false, error: "Choose a project." };
  const viewer = await requireViewer();
  if (!viewer.projects.some((p) => p.id === id.data)) return { ok: false, error: "You are not a member of that project." };
  (await cookies()).set(PROJECT_COOKIE, id.data, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 24 * 3600 });
  return { ok: true };
}
