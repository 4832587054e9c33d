import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { type Consumer, ProtocolError } from '@platformatic/kafka';
import { FencedError } from '@vz/core';
import { pino } from 'pino';
import { whenConsumerFails } from './epochs.ts';

/** The failure `whenConsumerFails` hands on when the consumer emits `error`. */
function failureOn(error: Error): Error | undefined {
  const consumer = new EventEmitter();
  let failure: Error | undefined;
  whenConsumerFails(consumer as unknown as Consumer, 'app/twin', pino({ level: 'silent' }), (seen) => {
    failure = seen;
  });
  consumer.emit('error', error); // would throw (crash the process) if nobody listened
  return failure;
}

describe('whenConsumerFails', () => {
  it('ends as fenced when a rejoin is refused because a successor took the group.instance.id (KIP-345)', () => {
    // What @platformatic/kafka emits when its rejoin after a failed heartbeat is refused.
    const failure = failureOn(new ProtocolError('FENCED_INSTANCE_ID'));
    expect(failure).toBeInstanceOf(FencedError);
    expect(failure?.message).toBe('app/twin was fenced (FENCED_INSTANCE_ID)');
  });

  it('ends with the error itself when the rejoin failed for another reason', () => {
    const error = new ProtocolError('COORDINATOR_NOT_AVAILABLE');
    expect(failureOn(error)).toBe(error);
  });
});
