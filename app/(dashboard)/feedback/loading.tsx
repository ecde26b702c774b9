import { FeedbackLoading } from "@/components/feedback/feedback-loading";

export default FeedbackLoading;
