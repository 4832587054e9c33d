import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { type CheckResult, ConfigError } from '@vz/core';
import { repositoryRoot, type LocalConfig } from '../config.ts';
import { mosquitto, mosquittoPasswd } from '../prerequisites.ts';
import { renderTemplate, type Part, type PartContext } from './part.ts';

const execFileAsync = promisify(execFile);

export const MQTT_PLATFORM_USER = 'vz';

export function mqttUrl(config: LocalConfig): string {
  return `mqtt://${config.local.host}:${config.local.mqtt.port}`;
}

function passwordFile(dataDir: string): string {
  return join(dataDir, 'passwords');
}

function aclFile(dataDir: string): string {
  return join(dataDir, 'acl');
}

/** Integrator users and the plugs each may speak for: `{ "<user>": ["<plugId>", ...] }`. */
function integratorsFile(dataDir: string): string {
  return join(dataDir, 'integrators.json');
}

const plugIdPattern = /^[A-Za-z0-9_.:-]{1,48}$/;

/**
 * Mosquitto's ACL (mosquitto.conf(5), acl_file): the platform user reaches every `vz/` topic; a plug whose username is
 * its plug id reaches only its own topics (`pattern` with %u); an integrator reaches the topics of the plugs listed
 * for it. A plug may publish its state, availability, command results and authorization requests and read its
 * commands and authorization answers, nothing else: a plug cannot speak for another one, nor send itself commands or
 * authorizations.
 */
export function renderMosquittoAcl(integrators: Readonly<Record<string, readonly string[]>>): string {
  const plugTopics = (plug: string, rule: 'pattern' | 'topic') => [
    `${rule} write vz/plugs/${plug}/state`,
    `${rule} write vz/plugs/${plug}/availability`,
    `${rule} write vz/plugs/${plug}/command-results`,
    `${rule} write vz/plugs/${plug}/authorize`,
    `${rule} read vz/plugs/${plug}/commands`,
    `${rule} read vz/plugs/${plug}/authorization`,
  ];
  const lines = [
    '# Written by deploy/local (npm run platform -- mqtt-user); edits are overwritten.',
    '# Per-plug users: the username is the plug id.',
    ...plugTopics('%u', 'pattern'),
    '',
    `user ${MQTT_PLATFORM_USER}`,
    'topic readwrite vz/#',
  ];
  for (const [user, plugs] of Object.entries(integrators).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push('', `user ${user}`, ...plugs.flatMap((plug) => plugTopics(plug, 'topic')));
  }
  return `${lines.join('\n')}\n`;
}

function readIntegrators(dataDir: string): Record<string, string[]> {
  try {
    return JSON.parse(readFileSync(integratorsFile(dataDir), 'utf8')) as Record<string, string[]>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/**
 * Adds or replaces a broker user: without `plugs`, a plug whose id is the username; with `plugs`, an integrator
 * that speaks for those plugs. Mosquitto rereads its password and ACL files on SIGHUP.
 */
export async function upsertMqttUser(
  dataDir: string,
  user: string,
  password: string,
  plugs: readonly string[] = [],
): Promise<void> {
  if (!plugIdPattern.test(user))
    throw new ConfigError(`MQTT user ${JSON.stringify(user)}: use 1-48 of A-Z a-z 0-9 _ . : -`);
  const invalid = plugs.filter((plug) => !plugIdPattern.test(plug));
  if (invalid.length > 0) throw new ConfigError(`not plug ids: ${invalid.join(', ')} (1-48 of A-Z a-z 0-9 _ . : -)`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(passwordFile(dataDir), '', { flag: 'a', mode: 0o600 });
  await execFileAsync(mosquittoPasswd.path, ['-b', passwordFile(dataDir), user, password]);
  chmodSync(passwordFile(dataDir), 0o600);
  const entries = new Map(Object.entries(readIntegrators(dataDir)));
  if (plugs.length > 0) entries.set(user, [...plugs]);
  else entries.delete(user);
  const integrators = Object.fromEntries(entries);
  writeFileSync(integratorsFile(dataDir), `${JSON.stringify(integrators, null, 2)}\n`);
  writeFileSync(aclFile(dataDir), renderMosquittoAcl(integrators), { mode: 0o600 });
}

/** The simulator's plugs (`npm start`) connect as themselves, each with its own user. */
export function simulatorPlugIds(config: LocalConfig): string[] {
  const { plugs, plugPrefix } = config.local.simulator;
  return Array.from({ length: plugs }, (_, index) => `${plugPrefix}${String(index + 1).padStart(4, '0')}`);
}

async function prepare({ config, dataDir }: PartContext): Promise<void> {
  for (const folder of ['db', 'logs']) mkdirSync(join(dataDir, folder), { recursive: true });
  await upsertMqttUser(dataDir, MQTT_PLATFORM_USER, config.local.mqtt.password);
  for (const plug of simulatorPlugIds(config)) await upsertMqttUser(dataDir, plug, config.local.simulator.plugPassword);
  const template = readFileSync(join(repositoryRoot, 'deploy/local/templates/mosquitto/mosquitto.conf'), 'utf8');
  writeFileSync(
    join(dataDir, 'mosquitto.conf'),
    renderTemplate(template, { PORT: config.local.mqtt.port, DATA_DIR: dataDir, USER: userInfo().username }),
  );
}

/** Connects as the platform user (CONNECT/CONNACK) and sends a message to itself through the broker. */
async function health({ config }: PartContext): Promise<CheckResult> {
  const client = await mqtt.connectAsync(mqttUrl(config), {
    username: MQTT_PLATFORM_USER,
    password: config.local.mqtt.password,
    protocolVersion: 5,
    connectTimeout: 3_000,
    reconnectPeriod: 0,
  });
  try {
    const topic = `vz/local/health/${randomUUID()}`;
    const received = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 3_000);
      client.on('message', (arrived) => {
        if (arrived === topic) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    await client.subscribeAsync(topic, { qos: 1 });
    await client.publishAsync(topic, 'ping', { qos: 1 });
    return (await received)
      ? { healthy: true, detail: 'publish/subscribe round trip' }
      : { healthy: false, detail: 'published but received nothing within 3 s' };
  } finally {
    await client.endAsync(true);
  }
}

export const mqttPart: Part = {
  name: 'mqtt',
  title: 'Mosquitto (MQTT 5 / 3.1.1)',
  prerequisites: [mosquitto, mosquittoPasswd],
  ports: (config) => ({ mqtt: config.local.mqtt.port }),
  prepare,
  launch: ({ dataDir }) => ({ command: mosquitto.path, args: ['-c', join(dataDir, 'mosquitto.conf')] }),
  health,
};
