import { RunDetailLoading } from "@/components/run-detail/run-detail-loading";

export default RunDetailLoading;
