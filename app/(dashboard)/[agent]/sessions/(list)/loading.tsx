// In a route group so the list's loading boundary does not wrap sessions/[id] (a real 404 first).
import { SessionsLoading } from "@/components/sessions/sessions-loading";

export default SessionsLoading;
