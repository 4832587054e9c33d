import { describe, expect, it } from '@jest/globals';
import { ChargingToken__factory, ConsentRegistry__factory } from '@vz/contracts';
import type { LogDescription } from 'ethers';
import { scopeHashOf, utf8Hash, walletAccountId } from '../encoding.ts';
import { consentIdOf, consentOf, type LogPosition, tokenMoney, topUpOf } from './log-events.ts';

const consents = ConsentRegistry__factory.createInterface();
const participant = `0x${'a1'.repeat(20)}`;
const partner = `0x${'b2'.repeat(20)}`;
const position: LogPosition = {
  chainId: 31337,
  txHash: `0x${'77'.repeat(32)}`,
  blockNumber: 12,
  logIndex: 3,
  blockTimestampMs: 1_770_000_000_000,
};

/** A consent event as the node would return it, decoded by the registry's ABI. */
function consentLog(name: 'ConsentGranted' | 'ConsentRevoked', scope: string, expiresAt?: bigint): LogDescription {
  const event = consents.getEvent(name);
  if (event === null) throw new Error(name);
  const encoded = consents.encodeEventLog(event, [
    participant,
    partner,
    scope,
    ...(expiresAt === undefined ? [] : [expiresAt]),
  ]);
  const parsed = consents.parseLog(encoded);
  if (parsed === null) throw new Error(`${name} did not decode`);
  return parsed;
}

describe('consentOf', () => {
  it('maps a grant with an expiry to a consent valid from its block until the expiry', () => {
    expect(consentOf(consentLog('ConsentGranted', scopeHashOf('VEHICLE_TRIPS'), 1_800_000_000n), position)).toEqual({
      eventId: `31337:${position.txHash}:3`,
      occurredAt: position.blockTimestampMs,
      causationId: `31337:${position.txHash}:3`,
      consentId: consentIdOf(31337, participant, partner, 'VEHICLE_TRIPS'),
      subjectId: walletAccountId(participant),
      partnerId: walletAccountId(partner),
      scopes: ['VEHICLE_TRIPS'],
      purpose: null,
      validFromAt: position.blockTimestampMs,
      validUntilAt: 1_800_000_000_000,
      revoked: false,
      revokedAt: null,
    });
  });

  it('keeps the validity of the grant a revocation ends, and the hash of a scope it does not know', () => {
    const unknownScope = utf8Hash('NOT_A_SCOPE');
    const grant = { grantedAtMs: 1_760_000_000_000, expiresAtSeconds: 0n };
    expect(consentOf(consentLog('ConsentRevoked', unknownScope), position, grant)).toMatchObject({
      consentId: `chain:31337:${participant}:${partner}:${unknownScope}`,
      scopes: ['UNKNOWN'],
      validFromAt: 1_760_000_000_000,
      validUntilAt: null,
      revoked: true,
      revokedAt: position.blockTimestampMs,
    });
  });
});

describe('topUpOf', () => {
  const token = ChargingToken__factory.createInterface();
  const mint = (() => {
    const event = token.getEvent('Transfer');
    if (event === null) throw new Error('Transfer');
    const parsed = token.parseLog(token.encodeEventLog(event, [`0x${'00'.repeat(20)}`, participant, 2_500n]));
    if (parsed === null) throw new Error('Transfer did not decode');
    return parsed;
  })();

  it("names a topUp's mint by its payment reference hash, a plain mint by its transaction", () => {
    const ref = utf8Hash('card:ch_1');
    expect(topUpOf(mint, position, 'EUR', ref)?.payload).toEqual({
      'vz.payment.TopUp': {
        amount: { amountMinor: 2_500, currency: 'EUR' },
        balanceAfter: null,
        paymentReference: ref,
      },
    });
    expect(topUpOf(mint, position, 'EUR')).toMatchObject({
      accountId: walletAccountId(participant),
      payload: { 'vz.payment.TopUp': { paymentReference: `31337:${position.txHash}` } },
    });
  });
});

describe('tokenMoney', () => {
  it('refuses amounts a JavaScript number cannot carry exactly', () => {
    expect(tokenMoney(2n ** 53n - 1n, 'EUR')).toEqual({ amountMinor: 2 ** 53 - 1, currency: 'EUR' });
    expect(() => tokenMoney(2n ** 53n, 'EUR')).toThrow(/does not fit/);
  });
});
