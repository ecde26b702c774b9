"use client";
import { usePathname } from "next/navigation";
import { navPage, parseDashboardPath } from "@/lib/urls/nav";
import { TimeRangePicker } from "./time-range-picker";

// Pages that show a single object or project settings have no time window.
const NO_WINDOW = new Set(["settings", "mcp-and-api"]);

export function TopBarRange() {
  const { page, rest } = parseDashboardPath(usePathname());
  if (!navPage(page) || NO_WINDOW.has(page!) || rest.length) return null;
  return <TimeRangePicker />;
}
