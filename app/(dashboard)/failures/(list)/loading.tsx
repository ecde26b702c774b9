import { FailuresLoading } from "@/components/failures/failures-loading";

export default function Loading() {
  return <FailuresLoading />;
}
