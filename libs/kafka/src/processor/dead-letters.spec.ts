import { describe, expect, it } from '@jest/globals';
import type { Message } from '@platformatic/kafka';
import { InputError } from '@vz/core';
import { deadLetterOf } from './dead-letters.ts';

const message = {
  topic: 'charger.events',
  partition: 2,
  offset: 17n,
  timestamp: 1_700_000_000_123n,
  key: Buffer.from('CP-1'),
  value: Buffer.from([1, 2, 3]),
  headerEntries: [[Buffer.from('trace'), Buffer.from('abc')]],
} as unknown as Message;

describe('deadLetterOf', () => {
  it('keeps the record byte for byte with its coordinates, and derives id and time from them', () => {
    const letter = deadLetterOf('sessions', message, {
      stage: 'PROCESS',
      error: new InputError('meter went backwards'),
      attempts: 1,
    });
    expect(letter).toEqual({
      eventId: 'sessions:charger.events:2:17',
      occurredAt: 1_700_000_000_123,
      causationId: 'charger.events:2:17',
      application: 'sessions',
      sourceTopic: 'charger.events',
      sourcePartition: 2,
      sourceOffset: 17,
      sourceTimestamp: 1_700_000_000_123,
      key: Buffer.from('CP-1'),
      value: Buffer.from([1, 2, 3]),
      headers: [{ key: 'trace', value: Buffer.from('abc') }],
      errorCode: 'INPUT_INVALID',
      reason: 'meter went backwards',
      stage: 'PROCESS',
      attempts: 1,
    });
  });

  it('names errors without a code by their class, and non-errors as they print', () => {
    expect(deadLetterOf('a', message, { stage: 'DECODE', error: new TypeError('bad'), attempts: 1 }).errorCode).toBe(
      'TypeError',
    );
    expect(deadLetterOf('a', message, { stage: 'DECODE', error: 'plain string', attempts: 3 })).toMatchObject({
      errorCode: 'UNKNOWN',
      reason: 'plain string',
      attempts: 3,
    });
  });
});
