import { InputError, type Logger } from '@vz/core';
import { SimulatedCharger } from '../charger/charger.ts';
import type { Clock } from '../clock.ts';
import { SimulatedPlug } from '../plug.ts';
import type { OcppProtocol } from '../rpc.ts';
import type { FleetSettings } from './options.ts';

/** Charger `index` speaks 2.0.1 when the running count of floor((i + 1) × share) steps up: an even spread. */
export function protocolOf(index: number, share201: number): OcppProtocol {
  return Math.floor((index + 1) * share201) > Math.floor(index * share201) ? 'ocpp2.0.1' : 'ocpp1.6';
}

/** The fleet's chargers, `<idPrefix>0001`…, each with a register of its own to start from. */
export function makeChargers(settings: FleetSettings, clock: Clock, logger: Logger): SimulatedCharger[] {
  return Array.from({ length: settings.chargers }, (_, index) => {
    const identity = `${settings.idPrefix}${String(index + 1).padStart(4, '0')}`;
    return new SimulatedCharger({
      endpoint: settings.endpoint,
      identity,
      password: settings.passwordFor(identity),
      protocol: protocolOf(index, settings.share201),
      connectors: settings.connectors,
      meterValueIntervalMs: settings.meterValueIntervalMs,
      powerW: settings.powerW,
      initialRegisterWh: 1_000 * (index + 1),
      autoReconnect: true,
      clock,
      logger,
    });
  });
}

/** The fleet's MQTT plugs, `<plugPrefix>0001`…; they need `mqttUrl` and `plugPasswordFor`. */
export function makePlugs(settings: FleetSettings, clock: Clock, logger: Logger): SimulatedPlug[] {
  if (settings.plugs > 0 && (settings.mqttUrl === undefined || settings.plugPasswordFor === undefined)) {
    throw new InputError('invalid runFleet options: plugs need mqttUrl and plugPasswordFor');
  }
  return Array.from({ length: settings.plugs }, (_, index) => {
    const plugId = `${settings.plugPrefix}${String(index + 1).padStart(4, '0')}`;
    return new SimulatedPlug({
      brokerUrl: settings.mqttUrl ?? '',
      plugId,
      password: settings.plugPasswordFor?.(plugId) ?? '',
      ...(settings.plugUsername === undefined ? {} : { username: settings.plugUsername }),
      meterValueIntervalMs: settings.meterValueIntervalMs,
      initialRegisterWh: 500 * (index + 1),
      clock,
      logger,
    });
  });
}
