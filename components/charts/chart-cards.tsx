// The chart cards the overview, the user/org pages and the tools pages share (server-renderable
// wrappers around the client TrendChart).
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TrendChart } from "./trend-chart";

type Props = { points: object[]; stepMs: number };

/** A count per time bucket with its failed part stacked on top (runs, tool calls). */
function FailedStackCard({ points, stepMs, title, total, failedLabel }: Props & { title: string; total: { key: string; label: string }; failedLabel: string }) {
  return (
    <Card>
      <CardHeader title={title} />
      <CardBody>
        <TrendChart
          points={points}
          stepMs={stepMs}
          kind="bar"
          stacked
          series={[
            { ...total, color: "#6366f1" },
            { key: "errors", label: failedLabel, color: "#ef4444" },
          ]}
        />
      </CardBody>
    </Card>
  );
}

export function RunsChartCard(props: Props) {
  return <FailedStackCard {...props} title="Runs and failures" total={{ key: "runs", label: "Runs" }} failedLabel="Failed" />;
}

export function CostChartCard({ points, stepMs }: Props) {
  return (
    <Card>
      <CardHeader title="Cost" />
      <CardBody>
        <TrendChart points={points} stepMs={stepMs} format="cost" series={[{ key: "costUsd", label: "Cost", color: "#10b981" }]} />
      </CardBody>
    </Card>
  );
}

/** A tool's (or all tools') calls with the failed ones stacked on top, per time bucket. */
export function ToolCallsChartCard(props: Props & { title: string }) {
  return <FailedStackCard {...props} total={{ key: "calls", label: "Calls" }} failedLabel="Errors" />;
}
