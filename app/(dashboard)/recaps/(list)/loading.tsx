import { RecapsLoading } from "@/components/recaps/recaps-loading";

export default RecapsLoading;
