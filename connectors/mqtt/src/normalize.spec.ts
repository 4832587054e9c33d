import { describe, expect, it } from '@jest/globals';
import { normalizePlugState } from './normalize.ts';
import type { PlugState } from './plug-message.ts';

const escrowId = `0x${'cd'.repeat(32)}`;
const message = (session: PlugState['session']): PlugState => ({
  messageId: 'm-1',
  timestamp: 1_763_700_000_000,
  state: session?.event === 'stop' ? 'idle' : 'charging',
  energyRegisterWh: 5_000,
  powerW: 2_300,
  ...(session === undefined ? {} : { session }),
});
const started = (events: ReturnType<typeof normalizePlugState>) =>
  events.flatMap((event) =>
    'vz.charger.TransactionStarted' in event.payload ? [event.payload['vz.charger.TransactionStarted']] : [],
  );

describe('normalizePlugState', () => {
  it('puts the token and the lock of an authorized start on its TransactionStarted', () => {
    const events = normalizePlugState(
      'P-1',
      message({ event: 'start', sessionId: 's-1', idTag: 'DRIVER-1', escrowId }),
    );
    expect(started(events)).toEqual([
      expect.objectContaining({ transactionId: 's-1', idTag: 'DRIVER-1', escrowId, meterStartWh: 5_000 }),
    ]);
    expect(events.map((event) => event.eventId)).toEqual([
      'P-1/mqtt/m-1/status',
      'P-1/mqtt/m-1/started',
      'P-1/mqtt/m-1/meter',
    ]);
  });

  it('starts an anonymous session without token or lock, as before', () => {
    expect(started(normalizePlugState('P-1', message({ event: 'start', sessionId: 's-1' })))).toEqual([
      expect.objectContaining({ transactionId: 's-1', idTag: null, escrowId: null }),
    ]);
    expect(started(normalizePlugState('P-1', message(undefined)))).toEqual([]);
  });
});
