import type { EventEmitter } from 'node:events';
import { createLogger, type Logger } from '@vz/core';
import { SystemClock, type Clock } from '../clock.ts';
import type { ChargerSettings } from '../options.ts';
import type { BootReason, ProtocolDriver } from '../protocol/driver.ts';
import { Ocpp16Driver } from '../protocol/ocpp16.ts';
import { Ocpp201Driver } from '../protocol/ocpp201.ts';
import type { RpcClient } from '../rpc.ts';
import type { StopReason } from '../types.ts';
import type { BootResult, ChargerEvents } from './api.ts';
import { Connection, createClient } from './connection.ts';
import { chargerCore } from './core.ts';
import { answerCsmsCalls, CsmsCommands } from './csms-commands.ts';
import { Outbox } from './outbox.ts';
import { RawFrames } from './raw-frames.ts';
import { ChargerSessions } from './sessions.ts';
import { TransactionLane } from './transaction-lane.ts';
import { WireStats } from './wire-stats.ts';

/** The parts a SimulatedCharger is made of, wired to each other. */
export interface ChargerParts {
  clock: Clock;
  logger: Logger;
  client: RpcClient;
  stats: WireStats;
  rawFrames: RawFrames;
  connection: Connection;
  lane: TransactionLane;
  outbox: Outbox;
  sessions: ChargerSessions;
  commands: CsmsCommands;
  driver: ProtocolDriver;
}

/**
 * Makes a charger's parts. `events` is the charger (connection and session events are emitted on it); `boot` is its
 * BootNotification and what follows an accepted one, which reconnections and resets go through.
 */
export function assembleCharger(
  settings: ChargerSettings,
  events: EventEmitter<ChargerEvents>,
  boot: (reason?: BootReason) => Promise<BootResult>,
): ChargerParts {
  const clock = settings.clock ?? new SystemClock();
  const logger = (settings.logger ?? createLogger('simulator', { level: 'silent' })).child({
    identity: settings.identity,
    protocol: settings.protocol,
  });
  const client = createClient(settings);
  const stats = new WireStats({ recordFrames: settings.recordFrames, now: () => clock.now(), logger });
  const rawFrames = new RawFrames(client, stats);
  stats.listen(client, (text) => rawFrames.received(text));
  // The parts need each other (the driver works on a view of the charger made of the others, which use it): the
  // arrows below are called only once every part is made.
  const isOnline = () => connection.online;
  const protocolDriver = () => driver;
  const lane = new TransactionLane({ client, isOnline, stats, logger });
  const outbox = new Outbox({ identity: settings.identity, client, clock, stats, isOnline, driver: protocolDriver });
  const connection = new Connection({
    client,
    settings,
    clock,
    logger,
    stats,
    rawFrames,
    events,
    boot,
    wentOffline: () => outbox.stopHeartbeat(),
  });
  const sessions = new ChargerSessions({
    settings,
    clock,
    logger,
    outbox,
    lane,
    isOnline,
    driver: protocolDriver,
    started: (handle) => events.emit('session-started', handle),
    stopped: (handle) => {
      events.emit('session-stopped', handle);
      commands.sessionStopped();
    },
  });
  const reset = async (reason: StopReason, bootReason: BootReason): Promise<void> => {
    await sessions.stopAll(reason);
    await connection.closeForReset();
    await connection.open();
    await boot(bootReason);
  };
  const commands = new CsmsCommands({ logger, sessions, outbox, reset });
  const core = chargerCore({
    settings,
    clock,
    logger,
    connection,
    outbox,
    lane,
    sessions,
    commands,
    stats,
    driver: protocolDriver,
    reset,
  });
  const driver: ProtocolDriver = settings.protocol === 'ocpp1.6' ? new Ocpp16Driver(core) : new Ocpp201Driver(core);
  answerCsmsCalls(client, driver);
  return { clock, logger, client, stats, rawFrames, connection, lane, outbox, sessions, commands, driver };
}
