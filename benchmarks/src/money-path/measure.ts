import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export const seconds = (ms: number) => Math.round(ms / 10) / 100;
export const perSecond = (count: number, ms: number) => (ms > 0 ? Math.round((count / ms) * 10_000) / 10 : null);
export const loadAverage = () => loadavg().map((load) => Math.round(load * 100) / 100);

/** Nearest-rank percentiles of `values` (ms). */
export function distribution(values: readonly number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    p50: rank(50) ?? Number.NaN,
    p95: rank(95) ?? Number.NaN,
    p99: rank(99) ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: Math.round((sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)) * 10) / 10,
  };
}

/** CPU time (user + system) a process has used so far, ms; Linux's /proc, in clock ticks of 10 ms. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** How many of `items` have each key. */
export function countBy<Item>(items: readonly Item[], keyOf: (item: Item) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}

/** `run` `times` times, one after the other: the distribution of its wall time, ms. */
export async function elapsed(times: number, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const ms: number[] = [];
  for (let n = 0; n < times; n += 1) {
    const started = performance.now();
    await run();
    ms.push(Math.round((performance.now() - started) * 10) / 10);
  }
  return distribution(ms);
}
