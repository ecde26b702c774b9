// In a route group so the list's loading boundary does not wrap runs/[id] (whose layout must
// answer a real 404 before anything streams).
import { RunsLoading } from "@/components/runs/runs-loading";

export default RunsLoading;
