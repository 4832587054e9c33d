import type { Logger } from '@vz/core';
import type { Clock } from '../clock.ts';
import type { ChargerSettings } from '../options.ts';
import type { BootReason, ChargerCore, ProtocolDriver } from '../protocol/driver.ts';
import type { StopReason } from '../types.ts';
import type { BootResult } from './api.ts';
import type { Connection } from './connection.ts';
import type { CsmsCommands } from './csms-commands.ts';
import type { Outbox } from './outbox.ts';
import type { ChargerSessions } from './sessions.ts';
import type { TransactionLane } from './transaction-lane.ts';
import type { WireStats } from './wire-stats.ts';

export interface CoreParts {
  settings: ChargerSettings;
  clock: Clock;
  logger: Logger;
  connection: Connection;
  outbox: Outbox;
  lane: TransactionLane;
  sessions: ChargerSessions;
  commands: CsmsCommands;
  stats: WireStats;
  driver: () => ProtocolDriver;
  reset: (reason: StopReason, bootReason: BootReason) => Promise<void>;
}

/** The view of a charger its protocol module works with. */
export function chargerCore(parts: CoreParts): ChargerCore {
  const { connection, outbox, lane, sessions, commands } = parts;
  return {
    identity: parts.settings.identity,
    settings: parts.settings,
    logger: parts.logger,
    get online() {
      return connection.online;
    },
    connectors: sessions.connectors,
    configuration: commands.configuration,
    get authorizeRemoteStart() {
      return commands.authorizeRemoteStart;
    },
    set authorizeRemoteStart(value: boolean) {
      commands.authorizeRemoteStart = value;
    },
    now: () => parts.clock.now(),
    connector: (id) => sessions.connector(id),
    read: (connector, context) => sessions.read(connector, context),
    call: (action, payload) => outbox.call(action, payload),
    notify: (action, payload) => outbox.notify(action, payload),
    transactional: (action, payload, onAnswered) => lane.send(action, payload, onAnswered),
    setStatus: (connector, status, options) => outbox.setStatus(connector, status, options),
    findSession: (transactionId) => sessions.onConnector(transactionId),
    background: (what, task) => commands.background(what, task),
    startSession: (request) => sessions.start(request),
    stopSession: (session, reason) => sessions.stop(session, reason),
    reset: (reason, bootReason) => parts.reset(reason, bootReason),
    resetWhenIdle: () => commands.resetWhenIdle(),
    setAvailability: (connectors, operative) => commands.setAvailability(connectors, operative),
    // TriggerMessage BootNotification: an accepted one restarts the heartbeats at the interval it gives.
    sendBootNotification: async (reason) => {
      const result = (await outbox.call('BootNotification', parts.driver().bootNotification(reason))) as BootResult;
      parts.stats.boots += 1;
      if (result.status === 'Accepted') outbox.startHeartbeat(result.interval);
    },
    setHeartbeatInterval: (seconds) => outbox.startHeartbeat(seconds),
    setMeterValueInterval: (ms) => sessions.setMeterValueInterval(ms),
  };
}
