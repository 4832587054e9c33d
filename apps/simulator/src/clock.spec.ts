import { describe, expect, it } from '@jest/globals';
import { ManualClock, SystemClock } from './clock.ts';

describe('ManualClock', () => {
  it('fires timers in due order, with now() at the instant each is due', async () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.every(300, () => {
      fired.push(`a@${clock.now()}`);
    });
    clock.every(500, async () => {
      await Promise.resolve();
      fired.push(`b@${clock.now()}`);
    });
    await clock.advance(1_000);
    expect(fired).toEqual(['a@1300', 'b@1500', 'a@1600', 'a@1900', 'b@2000']);
    expect(clock.now()).toBe(2_000);
  });

  it('resolves sleeps when time reaches them, rejects them on abort, and cancels timers', async () => {
    const clock = new ManualClock(0);
    const order: string[] = [];
    const timer = clock.every(100, () => {
      order.push('tick');
    });
    const slept = clock.sleep(150).then(() => order.push(`woke@${clock.now()}`));
    const abort = new AbortController();
    const aborted = clock.sleep(1_000, abort.signal);
    await clock.advance(200);
    await slept;
    expect(order).toEqual(['tick', 'woke@150', 'tick']);
    timer.cancel();
    abort.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pending).toBe(0);
  });

  it('is not re-entrant and refuses a zero interval', async () => {
    const clock = new ManualClock(0);
    expect(() => clock.every(0, () => undefined)).toThrow(/positive/);
    clock.every(10, () => clock.advance(5));
    await expect(clock.advance(10)).rejects.toThrow(/already running/);
  });
});

describe('SystemClock', () => {
  it('sleeps on real time and can be aborted', async () => {
    const clock = new SystemClock();
    const before = clock.now();
    await clock.sleep(5);
    expect(clock.now()).toBeGreaterThanOrEqual(before + 4);
    const abort = new AbortController();
    const sleeping = clock.sleep(10_000, abort.signal);
    abort.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });
});
