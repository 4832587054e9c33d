import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, VzError } from '@vz/core';
import { loadLocalConfig } from './config.ts';
import { upsertScramUser } from './parts/kafka.ts';
import { upsertMqttUser } from './parts/mqtt.ts';
import { LocalPlatform } from './platform.ts';
import { formatStatusTable, isAllHealthy } from './status-table.ts';

const usage = `Usage: node deploy/local/src/cli.ts <command> [options]

Commands:
  up [--follow]        start every part that is not running and wait until all are healthy;
                       --follow keeps a live status on screen and stops everything on Ctrl-C
  down                 stop exactly the processes "up" started (by pid)
  status [--json]      parts, ports, pids and health; exit code 0 only when all are healthy
  endpoints            print how to reach each part (JSON)
  kafka-user <name> <password>
                       create or update a SCRAM-SHA-512 user for the partner listener
  mqtt-user <name> <password> [<plugId>...]
                       create or update a broker user: without plug ids, a plug whose id is <name>;
                       with plug ids, an integrator that speaks for those plugs (Mosquitto ACL)

Options:
  --only <a,b>         act on some parts only: kafka, registry, clickhouse, chain, mqtt

Configuration comes from VZ_LOCAL_* variables; see deploy/local/README.md.`;

async function follow(platform: LocalPlatform): Promise<never> {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local platform`);
    await platform.down();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // The table is printed again when a part's process or health changes, not when only a check's detail does.
  let previous = '';
  for (;;) {
    const statuses = await platform.status();
    const summary = JSON.stringify(statuses.map(({ name, state, pid, health }) => [name, state, pid, health?.healthy]));
    if (summary !== previous && !stopping) {
      console.log(`\n${new Date().toISOString()}  ${isAllHealthy(statuses) ? 'all healthy' : 'NOT ALL HEALTHY'}`);
      console.log(formatStatusTable(statuses));
      console.log('Ctrl-C stops everything.');
      previous = summary;
    }
    await sleep(10_000);
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      follow: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 2;
  }
  const config = loadLocalConfig();
  const only = values.only?.split(',').map((name) => name.trim());
  const platform = new LocalPlatform(config, undefined, only);

  switch (command) {
    case 'up': {
      const results = await platform.up();
      if (results.every((result) => result.outcome === 'already running')) console.log('already up: nothing to do');
      if (values.follow) await follow(platform);
      console.log(formatStatusTable(await platform.status()));
      return 0;
    }
    case 'down':
      await platform.down();
      return 0;
    case 'status': {
      const statuses = await platform.status();
      console.log(values.json ? JSON.stringify(statuses, null, 2) : formatStatusTable(statuses));
      return isAllHealthy(statuses) ? 0 : 1;
    }
    case 'endpoints':
      console.log(JSON.stringify(platform.endpoints(), null, 2));
      return 0;
    case 'kafka-user': {
      const [name, password] = rest;
      if (!name || !password) throw new ConfigError('kafka-user needs <name> <password>');
      await upsertScramUser(config, name, password);
      console.log(`SCRAM-SHA-512 user ${name} is set; grant it topics with ACLs (kafka-acls or the admin API)`);
      return 0;
    }
    case 'mqtt-user': {
      const [name, password, ...plugs] = rest;
      if (!name || !password) throw new ConfigError('mqtt-user needs <name> <password> [<plugId>...]');
      await upsertMqttUser(platform.dataDirOf('mqtt'), name, password, plugs);
      const reloaded = platform.reload('mqtt');
      const role = plugs.length > 0 ? `integrator for ${plugs.join(', ')}` : `plug ${name}`;
      console.log(`MQTT user ${name} is set (${role})${reloaded ? '; Mosquitto reloaded' : ''}`);
      return 0;
    }
    default:
      console.error(`unknown command ${JSON.stringify(command)}\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof VzError) console.error(`error [${error.code}]: ${error.message}`);
    else console.error(error);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
