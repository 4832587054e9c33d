#!/usr/bin/env node
// vz-simulator — a fleet of simulated OCPP 1.6J / 2.0.1 chargers against a CSMS, until Ctrl-C or SIGTERM.
import { parseArgs } from 'node:util';
import { createLogger, createShutdown, InputError, logLevels, type Logger } from '@vz/core';
import { demoIdTags, registerDemoNetwork } from './register.ts';
import { runFleet, type FleetOptions, type FleetReport } from './fleet/fleet.ts';
import { startFleetObservability } from './observability.ts';

/** Under the local platform's supervisor, which sends SIGKILL 30 s after SIGTERM: stop well within that. */
const SHUTDOWN_HOOK_TIMEOUT_MS = 25_000;

const usage = `usage: node apps/simulator/src/cli.ts --endpoint <ws-url> --password <shared> [options]

Runs simulated chargers (plug-in → authorize → charge → unplug on every connector) until Ctrl-C or SIGTERM, printing
a summary every 10 s and a final report (JSON) at the end. Chargers that cannot connect or boot (the CSMS is not up
yet, or went away) keep trying, backing off up to 30 s.

options:
  --endpoint <url>             CSMS OCPP endpoint, e.g. ws://127.0.0.1:18180/ocpp (chargers connect to <url>/<id>)
  --password <secret>          HTTP Basic password shared by every charger (username = its identity)
  --chargers <n>               number of chargers (default 10)
  --share201 <0..1>            fraction speaking OCPP 2.0.1, the rest 1.6 (default 0)
  --meter-interval-ms <ms>     meter values while charging (default 60000)
  --session-ms <ms>            typical session length (default 10 × meter interval)
  --idle-ms <ms>               typical gap between sessions (default 2 × meter interval)
  --power-w <W>                charger power; cars draw 50–100 % of it (default 11000)
  --connectors <n>             connectors per charger (default 2)
  --sessions-per-charger <n>   stop starting sessions after n per charger (default unlimited)
  --faults                     occasional connector faults and network drops (offline queue + replay)
  --concurrency <n>            chargers connecting at once during ramp-up (default 20)
  --id-prefix <prefix>         charger identities are <prefix>0001... (default SIM-)
  --plugs <n>                  MQTT plugs alongside the chargers (default 0); they need the two options below
  --mqtt-url <url>             the platform's MQTT broker, e.g. mqtt://127.0.0.1:11883
  --plug-password <secret>     broker password of every plug (username = its plug id)
  --plug-prefix <prefix>       plug ids are <prefix>0001... (default SIM-PLUG-)
  --register <bootstrap,registry-url>
                               register the demo network (parties and wallets, the drivers' tokens, a station per
                               charger and plug, the demo asset and tariff) on the registry topics and order the
                               prepaid drivers' top-ups (Kafka bootstrap and Confluent-compatible registry URL);
                               the drivers then charge with the demo tokens
  --seed <n>                   seed of every random choice (default 1)
  --summary-interval-ms <ms>   how often to print the summary (default 10000)
  --http-port <port>           serve /health/live, /health/ready (ready once a charger has booted) and /metrics
                               on 127.0.0.1:<port> (0 picks a free port; default: no server)
  --log-level <level>          ${logLevels.join(' | ')} (default warn), JSON lines on stderr
`;

function numberOption(name: string, raw: string | undefined, kind: 'int' | 'fraction'): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const ok =
    kind === 'int' ? Number.isInteger(value) && value >= 0 : Number.isFinite(value) && value >= 0 && value <= 1;
  if (raw.trim() === '' || !ok) {
    throw new InputError(
      `--${name} must be ${kind === 'int' ? 'a whole number' : 'a number from 0 to 1'}, not '${raw}'`,
    );
  }
  return value;
}

interface CliOptions {
  fleet: FleetOptions;
  register: { bootstrap: string; registryUrl: string } | undefined;
  summaryIntervalMs: number;
  httpPort: number | undefined;
  logLevel: (typeof logLevels)[number];
}

function parse(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' },
      password: { type: 'string' },
      chargers: { type: 'string', default: '10' },
      share201: { type: 'string', default: '0' },
      'meter-interval-ms': { type: 'string' },
      'session-ms': { type: 'string' },
      'idle-ms': { type: 'string' },
      'power-w': { type: 'string' },
      connectors: { type: 'string' },
      'sessions-per-charger': { type: 'string' },
      faults: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      'id-prefix': { type: 'string' },
      plugs: { type: 'string' },
      'mqtt-url': { type: 'string' },
      'plug-password': { type: 'string' },
      'plug-prefix': { type: 'string' },
      register: { type: 'string' },
      seed: { type: 'string' },
      'summary-interval-ms': { type: 'string', default: '10000' },
      'log-level': { type: 'string', default: 'warn' },
      'http-port': { type: 'string' },
      // The marker by which the local platform (deploy/local) recognises the processes it started; ignored.
      'vz-local': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(usage);
    process.exit(0);
  }
  if (values.endpoint === undefined) throw new InputError('--endpoint is required');
  if (values.password === undefined) throw new InputError('--password is required');
  const password = values.password;
  const logLevel = logLevels.find((level) => level === values['log-level']);
  if (logLevel === undefined) throw new InputError(`--log-level must be one of ${logLevels.join(', ')}`);
  const httpPort = numberOption('http-port', values['http-port'], 'int');
  if (httpPort !== undefined && httpPort > 65_535) throw new InputError('--http-port must be 0 to 65535');

  const optional: Partial<FleetOptions> = {};
  const set = <K extends keyof FleetOptions>(key: K, value: FleetOptions[K] | undefined): void => {
    if (value !== undefined) optional[key] = value;
  };
  set('meterValueIntervalMs', numberOption('meter-interval-ms', values['meter-interval-ms'], 'int'));
  set('sessionMs', numberOption('session-ms', values['session-ms'], 'int'));
  set('idleMs', numberOption('idle-ms', values['idle-ms'], 'int'));
  set('powerW', numberOption('power-w', values['power-w'], 'int'));
  set('connectors', numberOption('connectors', values.connectors, 'int'));
  set('sessionsPerCharger', numberOption('sessions-per-charger', values['sessions-per-charger'], 'int'));
  set('concurrency', numberOption('concurrency', values.concurrency, 'int'));
  set('seed', numberOption('seed', values.seed, 'int'));
  set('idPrefix', values['id-prefix']);
  set('plugs', numberOption('plugs', values.plugs, 'int'));
  set('mqttUrl', values['mqtt-url']);
  set('plugPrefix', values['plug-prefix']);
  const plugPassword = values['plug-password'];
  if (plugPassword !== undefined) optional.plugPasswordFor = () => plugPassword;

  let register: CliOptions['register'];
  if (values.register !== undefined) {
    const [bootstrap, registryUrl] = values.register.split(',');
    if (!bootstrap || !registryUrl) throw new InputError('--register needs <bootstrap>,<registry-url>');
    register = { bootstrap, registryUrl };
    // The demo's drivers charge with the demo network's tokens.
    optional.idTags = demoIdTags();
  }
  return {
    register,
    fleet: {
      ...optional,
      endpoint: values.endpoint,
      passwordFor: () => password,
      chargers: numberOption('chargers', values.chargers, 'int') ?? 10,
      share201: numberOption('share201', values.share201, 'fraction') ?? 0,
      faults: values.faults,
    },
    summaryIntervalMs: numberOption('summary-interval-ms', values['summary-interval-ms'], 'int') ?? 10_000,
    httpPort,
    logLevel,
  };
}

function summaryLine(report: FleetReport, startedAt: number): string {
  const elapsed = Math.round((Date.now() - startedAt) / 1000);
  const calls = Object.values(report.callsByAction).reduce((sum, n) => sum + n, 0);
  const top = Object.entries(report.callsByAction)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 4)
    .map(([action, n]) => `${action} ${n}`)
    .join(', ');
  return (
    `[${new Date().toISOString()} +${elapsed}s] ` +
    `chargers ${report.connected}/${report.chargers} connected (1.6: ${report.byProtocol['ocpp1.6']}, ` +
    `2.0.1: ${report.byProtocol['ocpp2.0.1']}) | sessions ${report.sessionsActive} charging, ` +
    `${report.sessionsCompleted} done | ${(report.energyWh / 1000).toFixed(3)} kWh | calls ${calls} (${top}) | ` +
    `CALLERRORs ${report.errorsReceived.length} | unanswered ${report.callsUnanswered} | ` +
    `drops ${report.disconnects}, replayed ${report.replayed}, queued ${report.offlineQueueLength}` +
    (report.plugs.plugs > 0
      ? ` | plugs ${report.plugs.connected}/${report.plugs.plugs} connected, ${report.plugs.sessionsCompleted} sessions, ` +
        `${(report.plugs.energyWh / 1000).toFixed(3)} kWh`
      : '') +
    (report.connectFailures > 0
      ? ` | connect failures ${report.connectFailures} (last: ${report.lastConnectError ?? '?'})`
      : '') +
    '\n'
  );
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
  const logger: Logger = createLogger('simulator', { level: options.logLevel }, process.stderr);
  const shutdown = createShutdown(logger, { hookTimeoutMs: SHUTDOWN_HOOK_TIMEOUT_MS });
  const startedAt = Date.now();
  const fleet = runFleet({ ...options.fleet, logger });
  if (options.register !== undefined) {
    // The registry is for the demo's settlements; a fleet that cannot register still charges.
    try {
      const registered = await registerDemoNetwork({
        ...options.register,
        chargers: fleet.chargers.map((charger) => {
          const report = charger.report();
          return { identity: report.identity, protocol: report.protocol, connectors: options.fleet.connectors ?? 2 };
        }),
        plugs: fleet.plugs.map((plug) => plug.plugId),
      });
      process.stdout.write(`registered the demo network (${registered} records)\n`);
    } catch (error) {
      logger.warn({ err: error }, 'could not register the demo network; its sessions will be settled without a tariff');
    }
  }
  const ticker = setInterval(
    () => process.stdout.write(summaryLine(fleet.report(), startedAt)),
    options.summaryIntervalMs,
  );

  shutdown.register('fleet', async () => {
    clearInterval(ticker);
    const report = await fleet.stop();
    process.stdout.write(summaryLine(report, startedAt));
    const { perCharger: _perCharger, sessions, ...totals } = report;
    process.stdout.write(`${JSON.stringify({ ...totals, sessions: sessions.length }, null, 2)}\n`);
  });
  // SIGINT (Ctrl-C) and SIGTERM (the supervisor) alike: stop the fleet, print the totals, exit 0.
  shutdown.installSignalHandlers();

  if (options.httpPort !== undefined) {
    try {
      const server = await startFleetObservability({ port: options.httpPort, report: () => fleet.report() });
      shutdown.register('observability', () => server.close());
      process.stdout.write(`health and metrics on ${server.url} (/health/ready, /metrics)\n`);
    } catch (error) {
      process.stderr.write(
        `cannot serve HTTP on port ${options.httpPort}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      await shutdown.run('http server failed');
      process.exit(1);
    }
  }

  void fleet.ready.then(() =>
    logger.info({ chargers: options.fleet.chargers, endpoint: options.fleet.endpoint }, 'every charger booted'),
  );
  process.stdout.write(
    `simulating ${options.fleet.chargers} chargers against ${options.fleet.endpoint}; Ctrl-C or SIGTERM to stop\n`,
  );
}

await main();
