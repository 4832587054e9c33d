import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { type Consumer, ProtocolError } from '@platformatic/kafka';
import { FencedError } from '@vz/core';
import { pino } from 'pino';
import { EpochLoop, type EpochEnd } from './epochs.ts';

/** A group member whose consumer only emits events: what EpochLoop.start listens to. */
function fakeMember() {
  const consumer = Object.assign(new EventEmitter(), { topics: { trackAll: () => undefined } });
  return { consumer: consumer as unknown as Consumer & EventEmitter, join: async () => undefined };
}

/** Epochs that run until the loop asks them to end, as a worker's epoch does once a round. */
function epochsUntilEnd(loop: EpochLoop): () => Promise<EpochEnd> {
  return async () => {
    for (;;) {
      const end = loop.endOfEpoch(undefined);
      if (end !== undefined) return end;
      await loop.waker.wait(1_000);
    }
  };
}

describe('EpochLoop', () => {
  it('ends as fenced when the consumer reports that a successor took its group.instance.id (KIP-345)', async () => {
    const loop = new EpochLoop('app/twin', pino({ level: 'silent' }));
    const member = fakeMember();
    let closed = false;
    const running = loop.start(member, ['in'], epochsUntilEnd(loop), async () => void (closed = true));
    // What @platformatic/kafka emits when its rejoin after a failed heartbeat is refused.
    member.consumer.emit('error', new ProtocolError('FENCED_INSTANCE_ID'));
    await expect(running).rejects.toBeInstanceOf(FencedError);
    await expect(running).rejects.toThrow('app/twin was fenced (FENCED_INSTANCE_ID)');
    expect(closed).toBe(true);
  });

  it('ends with the error when the consumer fails to rejoin for another reason', async () => {
    const loop = new EpochLoop('app/one', pino({ level: 'silent' }));
    const member = fakeMember();
    const running = loop.start(member, ['in'], epochsUntilEnd(loop), async () => undefined);
    const failure = new ProtocolError('COORDINATOR_NOT_AVAILABLE');
    member.consumer.emit('error', failure);
    await expect(running).rejects.toBe(failure);
  });
});
