import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createShutdown } from './shutdown.ts';

const silent = pino({ level: 'silent' });

describe('createShutdown', () => {
  it('runs hooks once, in reverse order of registration', async () => {
    const order: string[] = [];
    const shutdown = createShutdown(silent);
    shutdown.register('kafka', () => void order.push('kafka'));
    shutdown.register('http', async () => void order.push('http'));
    const [first, second] = await Promise.all([shutdown.run('test'), shutdown.run('again')]);
    expect(order).toEqual(['http', 'kafka']);
    expect([first, second]).toEqual([0, 0]);
  });

  it('keeps going after a failing or hanging hook and reports exit code 1', async () => {
    const order: string[] = [];
    const shutdown = createShutdown(silent, { hookTimeoutMs: 50 });
    shutdown.register('last', () => void order.push('last'));
    shutdown.register('hangs', () => new Promise<void>(() => undefined));
    shutdown.register('throws', () => {
      throw new Error('boom');
    });
    expect(await shutdown.run('test')).toBe(1);
    expect(order).toEqual(['last']);
  });
});
