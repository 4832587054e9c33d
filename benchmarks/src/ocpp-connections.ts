/**
 * Connections held by ONE central-system process. Method and results: BENCHMARKS.md.
 *
 *   node benchmarks/src/ocpp-connections.ts [--connections 10000] [--rate 1000] [--seconds 30] [--ramp-per-second 500]
 *
 * The CSMS runs as its own process (connectors/ocpp/src/main.ts, auto-provisioning on, so no password hashing in the
 * way of the connection ramp) against the local platform's Kafka. This process opens N OCPP 1.6J WebSocket
 * connections (plain `ws`, one BootNotification each), then sends CALLs spread evenly over the connections at a fixed
 * total rate — Heartbeat and MeterValues alternately — and measures CALL → CALLRESULT, which includes the CSMS writing
 * the raw frame (and the events) to Kafka with acks=all before it answers. RSS of the CSMS process is read from
 * /proc before and after the connections.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { endpointsOf, loadLocalConfig } from '@vz/local';
import WebSocket from 'ws';
import { TimeoutError } from '@vz/core';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    'ramp-per-second': { type: 'string', default: '500' },
    port: { type: 'string', default: '18280' },
  },
});
const connections = Number(values.connections);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rampPerSecond = Number(values['ramp-per-second']);
const port = Number(values.port);
const endpoints = endpointsOf(loadLocalConfig());

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

const stationsFile = join(tmpdir(), `vz-bench-stations-${Date.now()}.json`);
writeFileSync(stationsFile, '{"stations":[]}\n');
const csms = spawn(
  process.execPath,
  ['--max-old-space-size=4096', join(import.meta.dirname, '../../connectors/ocpp/src/main.ts')],
  {
    env: {
      ...process.env,
      VZ_KAFKA_BOOTSTRAP: endpoints.kafka.bootstrap,
      VZ_KAFKA_REGISTRY_URL: endpoints.registry.confluentUrl,
      VZ_OCPP_PORT: String(port),
      VZ_OCPP_STATIONS_FILE: stationsFile,
      VZ_OCPP_AUTO_PROVISION: 'true',
      VZ_OCPP_INSTANCE_ID: 'bench',
      VZ_LOGGING_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const pending = new Map<string, number>();
const latencies: number[] = [];
const sockets: WebSocket[] = [];
let sequence = 0;
let errors = 0;

function call(socket: WebSocket, action: string, payload: object): void {
  const id = `m${(sequence += 1)}`;
  pending.set(id, performance.now());
  socket.send(JSON.stringify([2, id, action, payload]));
}

function connect(index: number): Promise<WebSocket> {
  const identity = `BENCH-${String(index).padStart(5, '0')}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ocpp/${identity}`, ['ocpp1.6']);
    socket.once('open', () => {
      socket.on('message', (data: Buffer) => {
        const [type, id] = JSON.parse(data.toString()) as [number, string];
        const sentAt = pending.get(id);
        if (sentAt === undefined) return;
        pending.delete(id);
        if (type === 3) latencies.push(performance.now() - sentAt);
        else errors += 1;
      });
      call(socket, 'BootNotification', { chargePointVendor: 'VZ', chargePointModel: 'Bench' });
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

try {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      if (attempt > 120) throw new TimeoutError('the CSMS did not start');
      await sleep(500);
    }
  }
  const rssBefore = rssMb(csms.pid ?? 0);
  const rampStarted = performance.now();
  for (let index = 0; index < connections; index += 1) {
    sockets.push(await connect(index));
    const due = rampStarted + ((index + 1) / rampPerSecond) * 1000;
    if (due > performance.now()) await sleep(due - performance.now());
  }
  const rampSeconds = (performance.now() - rampStarted) / 1000;
  while (pending.size > 0) await sleep(100);
  latencies.length = 0;
  const rssAfterConnect = rssMb(csms.pid ?? 0);

  const started = performance.now();
  const total = rate * seconds;
  for (let sent = 0; sent < total; sent += 1) {
    const socket = sockets[sent % sockets.length];
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      errors += 1;
      continue;
    }
    if (sent % 2 === 0) call(socket, 'Heartbeat', {});
    else {
      call(socket, 'MeterValues', {
        connectorId: 1,
        meterValue: [
          { timestamp: new Date().toISOString(), sampledValue: [{ value: String(1_000 + sent), unit: 'Wh' }] },
        ],
      });
    }
    const due = started + ((sent + 1) / rate) * 1000;
    if (due > performance.now() + 1) await sleep(due - performance.now());
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const drainDeadline = performance.now() + 30_000;
  while (pending.size > 0 && performance.now() < drainDeadline) await sleep(50);
  const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN) * 10) / 10;
  const rssNow = rssMb(csms.pid ?? 0);
  console.log(
    JSON.stringify(
      {
        connectionsHeld: open,
        rampSeconds: Math.round(rampSeconds),
        offeredMessagesPerSecond: Math.round(total / sendSeconds),
        answered: latencies.length,
        errorsOrUnanswered: errors + pending.size,
        latencyMs: { p50: at(50), p99: at(99), max: Math.round(sorted.at(-1) ?? Number.NaN) },
        csmsRssMb: { idle: Math.round(rssBefore), connected: Math.round(rssAfterConnect), end: Math.round(rssNow) },
        rssKbPerConnection: Math.round(((rssAfterConnect - rssBefore) * 1024) / Math.max(open, 1)),
      },
      null,
      2,
    ),
  );
} finally {
  for (const socket of sockets) socket.terminate();
  csms.kill('SIGTERM');
}
