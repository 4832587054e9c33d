import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt from 'mqtt';
import { createIsolation, type Isolation } from '@vz/testing';

let isolation: Isolation;
beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
});
afterAll(() => isolation.close());

function connect(protocolVersion: 4 | 5, password = isolation.endpoints.mqtt.password) {
  return mqtt.connectAsync(isolation.endpoints.mqtt.url, {
    username: isolation.endpoints.mqtt.user,
    password,
    protocolVersion,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
}

describe('Mosquitto of the local platform', () => {
  it.each([
    ['MQTT 5', 5],
    ['MQTT 3.1.1', 4],
  ] as const)('delivers a published message to a subscriber over %s', async (_, protocolVersion) => {
    const topic = `vz/test/${isolation.id}/v${protocolVersion}/plug-1/state`; // the platform user may use vz/#

    const subscriber = await connect(protocolVersion);
    const publisher = await connect(protocolVersion);
    try {
      const received = new Promise<string>((resolve) => {
        subscriber.on('message', (arrived, payload) => arrived === topic && resolve(payload.toString()));
      });
      await subscriber.subscribeAsync(topic, { qos: 1 });
      await publisher.publishAsync(topic, JSON.stringify({ state: 'charging', energyWh: 1234 }), { qos: 1 });
      expect(JSON.parse(await received)).toEqual({ state: 'charging', energyWh: 1234 });
    } finally {
      await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
    }
  });

  it('refuses a client with a wrong password', async () => {
    await expect(connect(5, 'wrong')).rejects.toThrow(/not authorized|bad user name or password/i);
  });
});
