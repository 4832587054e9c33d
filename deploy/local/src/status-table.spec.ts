import { describe, expect, it } from '@jest/globals';
import type { PartStatus } from './platform.ts';
import { formatStatusTable, isAllHealthy } from './status-table.ts';

const running: PartStatus = {
  name: 'kafka',
  title: 'Kafka',
  ports: { plaintext: 19092, 'sasl-scram': 19093 },
  pid: 4242,
  state: 'running',
  health: { healthy: true, detail: 'round trip at offset 7' },
};
const killed: PartStatus = {
  name: 'mqtt',
  title: 'Mosquitto',
  ports: { mqtt: 11883 },
  pid: 77,
  state: 'stale pid file',
  health: { healthy: false, detail: 'process 77 is gone' },
};

describe('status table', () => {
  it('shows parts, ports, pids, process state and health in aligned columns', () => {
    expect(formatStatusTable([running, killed]).split('\n')).toEqual([
      'PART   PORTS                             PID   PROCESS         HEALTH',
      'kafka  plaintext:19092 sasl-scram:19093  4242  running         healthy (round trip at offset 7)',
      'mqtt   mqtt:11883                        77    stale pid file  UNHEALTHY (process 77 is gone)',
    ]);
  });

  it('is all healthy only when every part runs and passes its check', () => {
    expect(isAllHealthy([running])).toBe(true);
    expect(isAllHealthy([running, killed])).toBe(false);
    expect(isAllHealthy([{ ...running, state: 'stopped', pid: undefined, health: undefined }])).toBe(false);
  });
});
