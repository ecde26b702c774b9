// CPU time spent by the parts of a benchmark, read from /proc (Linux only; elsewhere null and the
// report shows "–"): the server process with all its threads (the embedded database's included)
// and every local PostgreSQL process (backends, WAL writer, checkpointer, autovacuum). Throughput
// on a shared 2-CPU machine swings by ±20% with the moment; CPU time per span moves less,
// and says how many CPUs a target rate needs.
import fs from "node:fs";

/** /proc reports CPU time in clock ticks; USER_HZ is 100 on every Linux architecture Node supports. */
const TICK_MS = 10;

/** utime + stime of `pid`, plus cutime + cstime (its reaped children's) when `withChildren`. */
function ticksOf(pid, withChildren = false) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces and parentheses): utime is the 12th,
  // stime the 13th, cutime and cstime the 14th and 15th.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
}

/** CPU milliseconds the process `pid` has used so far, or null where /proc cannot tell. */
export function processCpuMs(pid) {
  try {
    return ticksOf(pid) * TICK_MS;
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds used so far by PostgreSQL, or null without /proc: every postgres process alive
 * now, plus the children the postmaster has reaped (its cutime/cstime). Without the latter, an
 * autovacuum worker or backend that exited during a run took its CPU time out of the sum, and the
 * difference could come out negative.
 */
export function postgresCpuMs() {
  let ticks = 0;
  let entries;
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return null;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres")) ticks += ticksOf(pid, true);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks * TICK_MS;
}

/** CPU milliseconds used so far by this process (the load generator). */
export const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
