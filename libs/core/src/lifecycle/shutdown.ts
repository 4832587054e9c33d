import type { Logger } from 'pino';
import { TimeoutError } from '../errors/errors.ts';

export type ShutdownHook = () => Promise<void> | void;

export interface Shutdown {
  /** Hooks run in reverse order of registration: what started last stops first. */
  register(name: string, hook: ShutdownHook): void;
  /** Runs every hook once, each bounded by the timeout; resolves with the exit code (0, or 1 if a hook failed). */
  run(reason: string): Promise<number>;
  /** Stops on SIGINT / SIGTERM, and on an uncaught error (exit code 1). A second signal exits at once. */
  installSignalHandlers(exit?: (code: number) => void): void;
}

export function createShutdown(logger: Logger, options: { hookTimeoutMs?: number } = {}): Shutdown {
  const hookTimeoutMs = options.hookTimeoutMs ?? 10_000;
  const hooks: { name: string; hook: ShutdownHook }[] = [];
  let running: Promise<number> | undefined;

  async function runHook(name: string, hook: ShutdownHook): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`did not finish within ${hookTimeoutMs} ms`)), hookTimeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(hook), timeout]);
      logger.debug({ hook: name }, 'stopped');
      return true;
    } catch (error) {
      logger.error({ hook: name, err: error }, 'shutdown hook failed');
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  const shutdown: Shutdown = {
    register(name, hook) {
      hooks.push({ name, hook });
    },
    run(reason) {
      running ??= (async () => {
        logger.info({ reason }, 'shutting down');
        let ok = true;
        for (const { name, hook } of [...hooks].reverse()) ok = (await runHook(name, hook)) && ok;
        logger.info({ reason, clean: ok }, 'shut down');
        return ok ? 0 : 1;
      })();
      return running;
    },
    installSignalHandlers(exit = (code) => process.exit(code)) {
      const onSignal = (signal: NodeJS.Signals): void => {
        if (running) {
          logger.warn({ signal }, 'second signal: exiting without waiting for shutdown hooks');
          exit(130);
          return;
        }
        void shutdown.run(signal).then(exit);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      process.on('uncaughtException', (error) => {
        logger.fatal({ err: error }, 'uncaught exception');
        void shutdown.run('uncaughtException').then(() => exit(1));
      });
      process.on('unhandledRejection', (error) => {
        logger.fatal({ err: error }, 'unhandled rejection');
        void shutdown.run('unhandledRejection').then(() => exit(1));
      });
    },
  };
  return shutdown;
}
