// The chart cards the overview, the user/org pages and the tools pages share (server-renderable
// wrappers around the client TrendChart).
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TrendChart } from "./trend-chart";

type Props = { points: object[]; stepMs: number };

export function RunsChartCard({ points, stepMs }: Props) {
  return (
    <Card>
      <CardHeader title="Runs and failures" />
      <CardBody>
        <TrendChart
          points={points}
          stepMs={stepMs}
          kind="bar"
          stacked
          series={[
            { key: "runs", label: "Runs", color: "#6366f1" },
            { key: "errors", label: "Failed", color: "#ef4444" },
          ]}
        />
      </CardBody>
    </Card>
  );
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
export function ToolCallsChartCard({ points, stepMs, title }: Props & { title: string }) {
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
            { key: "calls", label: "Calls", color: "#6366f1" },
            { key: "errors", label: "Errors", color: "#ef4444" },
          ]}
        />
      </CardBody>
    </Card>
  );
}
