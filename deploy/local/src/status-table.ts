import type { PartStatus } from './platform.ts';

/** The `status` table: one row per part with its ports, pid, process state and health. */
export function formatStatusTable(statuses: readonly PartStatus[]): string {
  const header = ['PART', 'PORTS', 'PID', 'PROCESS', 'HEALTH'];
  const rows = statuses.map((status) => [
    status.name,
    Object.entries(status.ports)
      .map(([listener, port]) => `${listener}:${port}`)
      .join(' '),
    status.pid === undefined ? '-' : String(status.pid),
    status.state,
    status.health === undefined
      ? '-'
      : `${status.health.healthy ? 'healthy' : 'UNHEALTHY'}${status.health.detail ? ` (${status.health.detail})` : ''}`,
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function isAllHealthy(statuses: readonly PartStatus[]): boolean {
  return statuses.every((status) => status.state === 'running' && status.health?.healthy === true);
}
