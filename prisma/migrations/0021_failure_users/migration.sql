-- Hand-written (docs/failures.md, Reads).

-- Distinct users, first and last seen of a page of failure groups (GET /v1/failures, /failures):
-- an index-only scan in (signature, user) order, so each group's users are counted as they stream
-- by instead of being sorted first; start_time, included, bounds the scan to the window. Short
-- windows over a long history still read failure_occurrences_signature_idx by time.
CREATE INDEX "failure_occurrences_signature_user_idx" ON "failure_occurrences"("project_id", "signature", "user_id") INCLUDE ("start_time");
