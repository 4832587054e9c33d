import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Admin, Producer } from '@platformatic/kafka';
import type { MqttBridge } from '@vz/connector-mqtt';
import { Csms, defaultCsmsSettings, StationCredentials } from '@vz/connector-ocpp';
import { createLogger } from '@vz/core';
import { edgeCommandTopics } from '@vz/edge';
import {
  type ChargerCommand,
  type ChargerCommandResult,
  type ChargerEvent,
  type RawFrame,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import {
  createIsolation,
  type Isolation,
  isolatedTopic,
  localPlatformCli,
  readTopic,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import mqtt from 'mqtt';
import { SimulatedPlug } from '../../src/index.ts';
import { startTestBridge } from './edges.ts';

// Commands to MQTT plugs: the bridge joins the edge connectors' command routing, so a switch command consumed by an
// OCPP central-system instance reaches the bridge that sees the plug; the plug's answer becomes the command's one
// result. The plug connects with its own broker user, whose ACL confines it to its own topics.

const execFileAsync = promisify(execFile);
let isolation: Isolation;
let csms: Csms;
let bridge: MqttBridge;
let commands: TopicCodec<ChargerCommand>;
let results: TopicCodec<ChargerCommandResult>;
let chargerEvents: TopicCodec<ChargerEvent>;
let plugId: string;
const plugPassword = 'plug-commands-test-password';

async function mqttUser(name: string, password: string, plugs: string[] = []): Promise<void> {
  await execFileAsync(process.execPath, [localPlatformCli, 'mqtt-user', name, password, ...plugs]);
}

/** Mosquitto rereads its users on SIGHUP, a moment after the CLI returns: connect until it knows the user. */
async function connectWhenKnown(connect: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect();
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  plugId = `PLUG-${isolation.id}`;
  const kafka = testKafkaConfig(isolation, 'test-plug-commands');
  const codec = testCodec(isolation);
  const logger = createLogger('plug-commands-test', { level: 'error' });
  const rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  commands = await isolatedTopic<ChargerCommand>(isolation, codec, topics.chargerCommands);
  results = await isolatedTopic<ChargerCommandResult>(isolation, codec, topics.chargerCommandResults);
  const admin = new Admin({
    clientId: 'test-plug-commands-admin',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
  });
  const edge = await edgeCommandTopics({
    admin,
    codec,
    logger,
    prefix: isolation.topicPrefix,
    commandsTopic: commands.topic,
    resultsTopic: results.topic,
    defaultTimeoutMs: 20_000,
  }).finally(() => admin.close());

  csms = new Csms({
    settings: defaultCsmsSettings,
    instanceId: `ocpp-${isolation.id}`,
    kafka,
    rawFrames,
    chargerEvents,
    credentials: new StationCredentials([]),
    logger,
    commands: edge,
  });
  await csms.listen();
  bridge = await startTestBridge({ isolation, kafka, rawFrames, chargerEvents, logger, commands: edge });
  await mqttUser(plugId, plugPassword);
});

afterAll(async () => {
  await bridge.close();
  await csms.close();
  await isolation.close();
});

async function send(targets: ReadonlyArray<readonly [string, ChargerCommand['payload']]>): Promise<void> {
  const now = Date.now();
  const producer = new Producer({
    clientId: 'test-plug-commands',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
  });
  try {
    await producer.send({
      messages: targets.map(([chargerId, payload], index) => ({
        topic: commands.topic,
        key: Buffer.from(chargerId),
        value: commands.encode({
          eventId: `cmd-${index}`,
          occurredAt: now,
          causationId: 'test',
          chargerId,
          commandId: `switch-${index}`,
          requestedBy: 'test',
          expiresAt: now + 20_000,
          payload,
        }),
      })),
    });
  } finally {
    await producer.close();
  }
}

describe('commands to MQTT plugs', () => {
  it('switch a plug off through the edge routing: the session ends and the plug answer is the one result', async () => {
    const plug = new SimulatedPlug({
      brokerUrl: isolation.endpoints.mqtt.url,
      plugId,
      password: plugPassword,
      meterValueIntervalMs: 200,
      powerW: 3_600,
      initialRegisterWh: 10_000,
    });
    await connectWhenKnown(() => plug.connect());
    await plug.startSession();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // presence reaches both routers; a few readings

    await send([
      [plugId, { 'vz.charger.SwitchPlugCommand': { on: false } }],
      [plugId, { 'vz.charger.ResetCommand': { type: 'SOFT', evseId: null } }],
      [`PLUG-NOBODY-${isolation.id}`, { 'vz.charger.SwitchPlugCommand': { on: true } }],
    ]);
    const answered = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, results.topic, 3, { timeoutMs: 60_000, settleMs: 2_000 })
      ).map((message) => results.decode(message.value, message)),
    );
    expect(answered).toHaveLength(3);
    const byCommand = new Map(answered.map((result) => [result.commandId, result]));
    expect(byCommand.get('switch-0')).toMatchObject({
      chargerId: plugId,
      outcome: 'ACCEPTED',
      action: 'switch',
      status: 'accepted',
    });
    expect(byCommand.get('switch-1')).toMatchObject({ outcome: 'REJECTED', action: null });
    expect(byCommand.get('switch-2')).toMatchObject({ outcome: 'TIMEOUT', errorCode: 'CHARGER_OFFLINE' });

    // The plug obeyed: relay open, session ended by the switch, and a new session is refused.
    const report = plug.report();
    expect(report.relayOn).toBe(false);
    expect(report.sessions).toHaveLength(1);
    expect(report.sessions[0]).toMatchObject({ switchedOff: true });
    await expect(plug.startSession()).rejects.toThrow(/switched off/);

    // The session landed with exactly the energy the plug metered.
    const events = await Promise.all(
      (
        await readTopic(isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 1, {
          timeoutMs: 30_000,
          settleMs: 2_000,
          where: (message) => message.key?.toString('utf8') === plugId,
        })
      ).map((message) => chargerEvents.decode(message.value, message)),
    );
    const ended = events.flatMap((event) =>
      'vz.charger.TransactionEnded' in event.payload ? [event.payload['vz.charger.TransactionEnded']] : [],
    );
    const started = events.flatMap((event) =>
      'vz.charger.TransactionStarted' in event.payload ? [event.payload['vz.charger.TransactionStarted']] : [],
    );
    expect(started).toHaveLength(1);
    expect(ended).toHaveLength(1);
    const session = report.sessions[0];
    expect(started[0]?.meterStartWh).toBe(session?.meterStartWh);
    expect(ended[0]?.meterStopWh).toBe(session?.meterStopWh);
    expect(session?.energyWh).toBeGreaterThan(0);
    await plug.close();
  });

  it('confines a plug to its own topics and an integrator to its plugs (Mosquitto ACL)', async () => {
    const integrator = `INTEGRATOR-${isolation.id}`;
    const ownPlug = `PLUG-OWN-${isolation.id}`;
    await mqttUser(integrator, plugPassword, [ownPlug]);
    const { mqtt: broker } = isolation.endpoints;
    const observer = await mqtt.connectAsync(broker.url, { username: broker.user, password: broker.password });
    const seen: string[] = [];
    observer.on('message', (topic) => seen.push(topic));
    await observer.subscribeAsync(`vz/plugs/+/state`, { qos: 1 });
    const attempt = async (username: string, topic: string) => {
      const client = await mqtt.connectAsync(broker.url, { username, password: plugPassword, protocolVersion: 5 });
      try {
        await client.publishAsync(topic, JSON.stringify({ probe: username }), { qos: 1 });
        return 'accepted';
      } catch (error) {
        return String(error);
      } finally {
        await client.endAsync();
      }
    };
    let ownTopic = '';
    await connectWhenKnown(async () => {
      ownTopic = await attempt(integrator, `vz/plugs/${ownPlug}/state`);
    });
    const results = {
      plugOwn: await attempt(plugId, `vz/plugs/${plugId}/state`),
      plugOther: await attempt(plugId, `vz/plugs/${ownPlug}/state`),
      plugOwnCommands: await attempt(plugId, `vz/plugs/${plugId}/commands`),
      integratorOwn: ownTopic,
      integratorOther: await attempt(integrator, `vz/plugs/${plugId}/state`),
    };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await observer.endAsync();
    expect(results.plugOwn).toBe('accepted');
    expect(results.integratorOwn).toBe('accepted');
    expect(results.plugOther).toMatch(/not authori[sz]ed|0x87|135/i);
    expect(results.plugOwnCommands).toMatch(/not authori[sz]ed|0x87|135/i);
    expect(results.integratorOther).toMatch(/not authori[sz]ed|0x87|135/i);
    // What was refused never reached a subscriber.
    expect(seen.filter((topic) => topic.includes(isolation.id)).sort()).toEqual(
      [`vz/plugs/${ownPlug}/state`, `vz/plugs/${plugId}/state`].sort(),
    );
  });
});
