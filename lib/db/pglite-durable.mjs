// A PGlite on a data directory that is as durable as PostgreSQL with its default settings: a
// COMMIT returns only after its WAL reached the disk, and a checkpoint syncs the data files it
// wrote before it lets old WAL go.
//
// PGlite alone is not: it starts PostgreSQL with fsync off (`-F`), and Emscripten's Node file
// system has no fsync, so PostgreSQL's calls would do nothing anyway. Data it acknowledged then
// survived a crash of the process (the operating system had the writes) but not a power loss or
// an operating-system crash. Here PostgreSQL runs with fsync on, and its fsync() reaches the
// host's. `wal_sync_method=fsync` because Emscripten's fdatasync() cannot be reached from
// JavaScript (it is a no-op bound when the module is built); fsync() goes through the file
// system's stream operations, which can.
//
// The fsync is synchronous, as in a PostgreSQL backend: the embedded database's thread waits for
// the disk (~0.3 ms here) once per COMMIT, and group commit (write-queue.ts) spreads that wait
// over every request a transaction holds.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

class DurableNodeFS extends NodeFS {
  async init(pg, opts) {
    const setup = await super.init(pg, opts);
    setup.emscriptenOpts.preRun.push((mod) => {
      const nodefs = mod.NODEFS;
      // tryFSOperation turns a failed fsync (EIO, ENOSPC) into the errno PostgreSQL expects; it
      // then stops with a PANIC rather than claim data is safe, as it does on any host.
      nodefs.stream_ops.fsync = (stream) => {
        nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
        return 0;
      };
    });
    return setup;
  }
}

/** PGlite's start parameters without `-F` (fsync off), with a WAL sync method that reaches the disk. */
const DURABLE_START_PARAMS = [...PGlite.defaultStartParams.filter((p) => p !== "-F"), "-c", "wal_sync_method=fsync"];

/** PGlite options for a durable database in `dataDir`. */
export const durableOptions = (dataDir) => ({ fs: new DurableNodeFS(dataDir), startParams: DURABLE_START_PARAMS });
