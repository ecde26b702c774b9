// In a route group so the list's loading boundary does not wrap topics/[id].
import { TopicsLoading } from "@/components/topics/topics-loading";

export default TopicsLoading;
