import { PanelPageLoading } from "@/components/ui/skeleton";

export const RecapsLoading = () => <PanelPageLoading label="Loading recaps" />;
