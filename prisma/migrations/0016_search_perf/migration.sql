-- Search (docs/search.md): run_search keeps its columns in the row again (compressed), as
-- PostgreSQL does by default, instead of out of line from 128 bytes on (0008). Every out-of-line
-- value is one more row and index entry in the TOAST table on each write: measured in the
-- ingestion benchmark, they were about half of what search indexing added to a write. A walk
-- through the newest runs also tests each run's words without a TOAST read when they fit.
-- Rows written before stay as they are until they are rewritten.
ALTER TABLE "run_search" RESET (toast_tuple_target);
