import { ViewsLoading } from "@/components/views/views-loading";

export default function Loading() {
  return <ViewsLoading />;
}
