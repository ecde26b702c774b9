import { TopicsLoading } from "@/components/topics/topics-loading";

export default TopicsLoading;
