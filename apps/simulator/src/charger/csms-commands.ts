import type { Logger } from '@vz/core';
import type { BootReason, Connector, ProtocolDriver } from '../protocol/driver.ts';
import { createRPCError, type RpcClient } from '../rpc.ts';
import type { ConnectorStatus, StopReason } from '../types.ts';
import type { Outbox } from './outbox.ts';
import type { ChargerSessions } from './sessions.ts';

/** Answers the CSMS's calls with the driver's handlers; anything else gets NotImplemented. */
export function answerCsmsCalls(client: RpcClient, driver: ProtocolDriver): void {
  for (const [action, handler] of Object.entries(driver.handlers())) {
    client.handle(action, async ({ params }) => (await handler(params ?? {})) as Record<string, unknown>);
  }
  client.handle(async ({ method }) => {
    throw createRPCError('NotImplemented', `${String(method)} is not simulated`, {});
  });
}

export interface CsmsCommandsOptions {
  logger: Logger;
  sessions: ChargerSessions;
  outbox: Outbox;
  /** Ends every session with `reason`, then closes and boots again. */
  reset: (reason: StopReason, bootReason: BootReason) => Promise<void>;
}

/**
 * What the charger keeps and does for the CSMS's calls beyond answering them: the configuration it was given, the
 * work that follows an answer (run after the answer is written), resets deferred until idle, availability changes.
 */
export class CsmsCommands {
  /** OCPP 1.6 configuration keys / 2.0.1 `Component.Variable` values set by the CSMS. */
  readonly configuration = new Map<string, string>();
  authorizeRemoteStart = false;
  readonly #logger: Logger;
  readonly #sessions: ChargerSessions;
  readonly #outbox: Outbox;
  readonly #reset: CsmsCommandsOptions['reset'];
  readonly #tasks = new Set<Promise<void>>();
  #resetWhenIdle = false;

  constructor(options: CsmsCommandsOptions) {
    this.#logger = options.logger;
    this.#sessions = options.sessions;
    this.#outbox = options.outbox;
    this.#reset = options.reset;
  }

  /** Work that follows the answer to a CSMS call; started after the answer is written. */
  background(what: string, task: () => Promise<unknown>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => {
          this.#logger.warn({ err: error, what }, 'work after a CSMS call failed');
        },
      )
      .finally(() => {
        this.#tasks.delete(run);
      });
    this.#tasks.add(run);
  }

  /** Waits until the work that follows CSMS calls is done. */
  async idle(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }

  /** 2.0.1 Reset OnIdle while busy: reset after the last session ends. */
  resetWhenIdle(): void {
    this.#resetWhenIdle = true;
  }

  /** A session has ended: a reset waiting for idle goes now if it was the last. */
  sessionStopped(): void {
    if (this.#resetWhenIdle && this.#sessions.allFree()) {
      this.#resetWhenIdle = false;
      this.background('reset on idle', () => this.#reset('Reboot', 'RemoteReset'));
    }
  }

  /** ChangeAvailability: Scheduled when a connector is busy (applied when its session ends). */
  setAvailability(connectors: readonly Connector[], operative: boolean): 'Accepted' | 'Scheduled' {
    let scheduled = false;
    for (const connector of connectors) {
      if (!operative && connector.session) {
        connector.inoperativeWhenFree = true;
        scheduled = true;
        continue;
      }
      connector.inoperativeWhenFree = false;
      connector.operative = operative;
      const status: ConnectorStatus = operative ? 'Available' : 'Unavailable';
      if (connector.status !== 'Faulted' && connector.status !== status) {
        this.background('availability', () => this.#outbox.setStatus(connector, status));
      }
    }
    return scheduled ? 'Scheduled' : 'Accepted';
  }
}
