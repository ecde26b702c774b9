import { PatternsLoading } from "@/components/patterns/patterns-loading";

export default function Loading() {
  return <PatternsLoading />;
}
