import { describe, expect, it } from '@jest/globals';
import type { BatchingSender } from '@vz/kafka';
import { RegistryView } from '@vz/registry';
import type { ChainTransaction, Party, PaymentCommand, TopicCodec } from '@vz/schemas';
import { sampleParty, sampleToken } from '@vz/testing';
import pino from 'pino';
import { defaultPrepaidSettings, escrowIdOf, PrepaidAuthorizer } from './prepaid.ts';

const wallet = `0x${'d'.repeat(40)}`;

function view(paymentMode: Party['paymentMode'], walletAddress: string | null = wallet): RegistryView {
  const registry = new RegistryView();
  registry.applyParty(sampleParty('driver-1', walletAddress, { roles: ['DRIVER'], paymentMode, occurredAt: 0 }));
  registry.applyToken(sampleToken('TAG', 'driver-1', { occurredAt: 0 }));
  return registry;
}

/** An authorizer whose orders are kept, and whose chain answers each order as `answer` says (or never). */
function authorizer(registry: RegistryView, answer?: (order: PaymentCommand) => Partial<ChainTransaction>) {
  const orders: PaymentCommand[] = [];
  const commands = {
    topic: 'payment.commands',
    encode: (order: PaymentCommand) => order,
  } as unknown as TopicCodec<PaymentCommand>;
  const answered: { prepaid?: PrepaidAuthorizer } = {};
  const sender = {
    send: async ([message]: [{ value: PaymentCommand }]) => {
      orders.push(message.value);
      const payload = message.value.payload;
      if (answer === undefined || !('vz.payment.EscrowLockOrder' in payload)) return;
      const lock = payload['vz.payment.EscrowLockOrder'];
      const outcome = {
        kind: 'LOCK',
        naturalKey: lock.escrowId,
        status: 'CONFIRMED',
        reason: null,
        ...answer(message.value),
      };
      setImmediate(() => answered.prepaid?.receive(outcome as ChainTransaction));
    },
  } as unknown as BatchingSender;
  const prepaid = new PrepaidAuthorizer({
    registry,
    commands,
    outcomes: {} as TopicCodec<ChainTransaction>,
    sender,
    settings: { ...defaultPrepaidSettings, waitMs: 50 },
    logger: pino({ level: 'silent' }),
  });
  answered.prepaid = prepaid;
  return { prepaid, orders };
}

const start = (handOver: boolean, requestId = 'frame-1') => ({
  chargerId: 'CP-1',
  idTag: 'TAG',
  requestId,
  at: 1_000,
  handOver,
});

describe('PrepaidAuthorizer', () => {
  it('leaves postpaid and unknown accounts to the token book, without any order', async () => {
    const { prepaid, orders } = authorizer(view('POSTPAID'));
    expect(await prepaid.authorize(start(false))).toEqual({ kind: 'NOT_PREPAID' });
    expect(await prepaid.authorize({ ...start(false), idTag: 'OTHER' })).toEqual({ kind: 'NOT_PREPAID' });
    expect(orders).toEqual([]);
  });

  it("orders a lock of the default amount from the driver's wallet and answers once it is on chain", async () => {
    const { prepaid, orders } = authorizer(view('PREPAID'), () => ({}));
    const escrowId = escrowIdOf('CP-1', 'TAG', 'frame-1');
    expect(await prepaid.authorize(start(false))).toEqual({ kind: 'LOCKED', escrowId, accountId: 'driver-1' });
    expect(orders).toEqual([
      {
        eventId: `lock:${escrowId}`,
        occurredAt: 1_000,
        causationId: 'frame-1',
        accountId: 'driver-1',
        walletAddress: wallet,
        payload: {
          'vz.payment.EscrowLockOrder': {
            escrowId,
            chargerId: 'CP-1',
            idTag: 'TAG',
            amount: { amountMinor: 2_500, currency: 'EUR' },
            timeoutMs: defaultPrepaidSettings.lockTimeoutMs,
          },
        },
      },
    ]);
    // The start that follows the Authorize takes its lock, once; a later start locks again.
    expect(await prepaid.authorize(start(true, 'frame-2'))).toEqual({
      kind: 'LOCKED',
      escrowId,
      accountId: 'driver-1',
    });
    expect(await prepaid.authorize(start(true, 'frame-3'))).toMatchObject({
      escrowId: escrowIdOf('CP-1', 'TAG', 'frame-3'),
    });
    expect(orders).toHaveLength(2);
  });

  it('says NO_CREDIT when the chain refuses for want of balance, UNAVAILABLE for another refusal or no answer', async () => {
    const poor = authorizer(view('PREPAID'), () => ({
      status: 'REVERTED',
      reason: 'ERC20InsufficientBalance(0xd…, 100, 2500)',
    }));
    expect(await poor.prepaid.authorize(start(false))).toMatchObject({ kind: 'NO_CREDIT' });
    const odd = authorizer(view('PREPAID'), () => ({ status: 'REJECTED', reason: 'something else' }));
    expect(await odd.prepaid.authorize(start(false))).toMatchObject({
      kind: 'UNAVAILABLE',
      reason: 'lock REJECTED: something else',
    });
    const silent = authorizer(view('PREPAID'));
    expect(await silent.prepaid.authorize(start(false))).toMatchObject({
      kind: 'UNAVAILABLE',
      reason: 'no chain outcome within 50 ms',
    });
    const walletless = authorizer(view('PREPAID', null));
    expect(await walletless.prepaid.authorize(start(false))).toMatchObject({ kind: 'NO_CREDIT', escrowId: null });
    expect(walletless.orders).toEqual([]);
  });
});
