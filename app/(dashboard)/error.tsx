"use client";
import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="p-4">
      <EmptyState
        icon={<AlertTriangle className="size-4 text-red-600" />}
        title="This page could not be loaded"
        description={`The error was logged on the server${error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it persists, check the server output.`}
      >
        <div className="text-center">
          <Button onClick={reset}>Try again</Button>
        </div>
      </EmptyState>
    </div>
  );
}
