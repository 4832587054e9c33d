import { describe, expect, it } from '@jest/globals';
import { isolationId } from './isolation.ts';

describe('isolationId', () => {
  it('is derived from the file name, safe as an SQL identifier, and unique per call', () => {
    const first = isolationId('/repo/deploy/local/test/integration/kafka-round-trip.spec.ts');
    const second = isolationId('/repo/deploy/local/test/integration/kafka-round-trip.spec.ts');
    expect(first).toMatch(/^kafka_round_trip_[0-9a-f]{6}$/);
    expect(first).not.toBe(second);
  });
});
