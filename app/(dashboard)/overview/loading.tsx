import { OverviewLoading } from "@/components/overview/overview-loading";

export default OverviewLoading;
