import { PanelPageLoading } from "@/components/ui/skeleton";

export const TopicsLoading = () => <PanelPageLoading label="Loading topics" />;
