// CPU seconds spent by processes, read from /proc (Linux), so a bench can say where a request's
// time went: the app process, the bare server, the database's backends.
import fs from "node:fs";

const ticksPerSecond = 100;

function cpuOfStat(stat: string): number {
  // Fields after the command name (which may hold spaces) start at ")"; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** User + system CPU seconds of one process so far (0 when it is gone or /proc is missing). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return cpuOfStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every live process named `postgres` on the machine: the database servers' work
 * (backends that exit in between take their share with them, so pooled connections suit it).
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.includes("(postgres)")) total += cpuOfStat(stat);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** CPU microseconds per request of each source over a phase that answered `requests`. */
export async function cpuPerRequest<T extends { requests: number }>(
  sources: Record<string, () => number>,
  phase: () => Promise<T>,
): Promise<T & { cpuMicrosPerRequest: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(sources).map(([name, read]) => [name, read()]));
  const result = await phase();
  const cpuMicrosPerRequest = Object.fromEntries(
    Object.entries(sources).map(([name, read]) => [
      name,
      Math.round(((read() - (before[name] ?? 0)) * 1e6) / Math.max(1, result.requests)),
    ]),
  );
  return { ...result, cpuMicrosPerRequest };
}
