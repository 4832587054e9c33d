import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import type { CheckResult } from '@vz/core';
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

/** Adds or replaces a broker user (per plug or per integrator); Mosquitto rereads the file on SIGHUP. */
export async function upsertMqttUser(dataDir: string, user: string, password: string): Promise<void> {
  await execFileAsync(mosquittoPasswd.path, ['-b', passwordFile(dataDir), user, password]);
  chmodSync(passwordFile(dataDir), 0o600);
}

async function prepare({ config, dataDir }: PartContext): Promise<void> {
  for (const folder of ['db', 'logs']) mkdirSync(join(dataDir, folder), { recursive: true });
  writeFileSync(passwordFile(dataDir), '', { flag: 'a', mode: 0o600 });
  await upsertMqttUser(dataDir, MQTT_PLATFORM_USER, config.local.mqtt.password);
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
