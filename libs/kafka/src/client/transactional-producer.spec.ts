import { describe, expect, it } from '@jest/globals';
import { MultipleErrors, type Producer, ProtocolError, UserError } from '@platformatic/kafka';
import { pino } from 'pino';
import { runEpochs } from '../processor/epochs.ts';
import { TransactionalProducer } from './transactional-producer.ts';

type Step = 'begin' | 'send' | 'commit' | 'abort';

/** What @platformatic/kafka throws once its retries of a coordinator request are used up. */
function retriesExhausted(step: string, apiId: string): Error {
  return new MultipleErrors(`${step} failed 51 times.`, [new ProtocolError(apiId)]);
}

/**
 * Producers that keep their transaction as @platformatic/kafka 2.12.1 does: from `beginTransaction` (even when it
 * fails) until a commit or an abort succeeds or it is cancelled; meanwhile `beginTransaction` fails. The n-th call
 * of a step of producer `i` fails with `failures[i][step][n]` when there is one. Each call is logged as `p<i> <step>`.
 */
function fakeProducers(failures: Partial<Record<Step, (Error | undefined)[]>>[]) {
  const log: string[] = [];
  let created = 0;
  const create = (): Producer => {
    const name = `p${created}`;
    const failing = failures[created] ?? {};
    created += 1;
    let active: object | undefined;
    const step = (what: Step, onSuccess: () => void = () => undefined): void => {
      const failure = failing[what]?.shift();
      log.push(`${name} ${what}${failure === undefined ? '' : ' failed'}`);
      if (failure !== undefined) throw failure;
      onSuccess();
    };
    const end = (): void => void (active = undefined);
    const producer = {
      async beginTransaction() {
        if (active !== undefined) throw new UserError('There is already an active transaction.');
        const transaction = {
          send: async () => step('send'),
          commit: async () => step('commit', end),
          abort: async () => step('abort', end),
          cancel: async () => {
            log.push(`${name} cancel`);
            end();
          },
        };
        active = transaction;
        step('begin');
        return transaction;
      },
      async close() {
        log.push(`${name} close`);
      },
    };
    return producer as unknown as Producer;
  };
  return { create, log };
}

async function sendOne(producer: TransactionalProducer) {
  return producer.transact(async (transaction) => {
    await transaction.send({ messages: [{ topic: 'out', value: Buffer.from('x') }] });
  });
}

describe('TransactionalProducer', () => {
  it('replaces a producer whose initialization failed instead of reusing its dangling transaction', async () => {
    // The anchoring worker's incident: InitProducerId answered NOT_COORDINATOR until the retries ran out, and the
    // producer kept the transaction that beginTransaction had opened.
    const { create, log } = fakeProducers([{ begin: [retriesExhausted('initProducerId', 'NOT_COORDINATOR')] }]);
    const producer = new TransactionalProducer(create);
    await expect(producer.fence()).rejects.toThrow('initProducerId failed 51 times.');
    await expect(sendOne(producer)).rejects.toThrow('fence() before a transaction');

    await producer.fence();
    expect(await sendOne(producer)).toBeUndefined();
    expect(log).toEqual(['p0 begin failed', 'p0 close', 'p1 begin', 'p1 cancel', 'p1 begin', 'p1 send', 'p1 commit']);
  });

  it('aborts a transaction whose commit failed with a retriable error and begins the next on the same producer', async () => {
    const { create, log } = fakeProducers([{ commit: [retriesExhausted('endTransaction', 'NOT_COORDINATOR')] }]);
    const producer = new TransactionalProducer(create);
    await producer.fence();

    const failed = await sendOne(producer);
    expect(failed).toMatchObject({ producerReplaced: false, inDoubt: false });
    expect(failed?.error).toBeInstanceOf(MultipleErrors);

    await producer.fence(); // the next epoch: nothing to do, the abort left the producer clean
    expect(await sendOne(producer)).toBeUndefined();
    expect(log).toEqual([
      ...['p0 begin', 'p0 cancel'],
      ...['p0 begin', 'p0 send', 'p0 commit failed', 'p0 abort'],
      ...['p0 begin', 'p0 send', 'p0 commit'],
    ]);
  });

  it('replaces the producer when the abort after a failed commit fails too, and reports the outcome in doubt', async () => {
    const { create, log } = fakeProducers([
      {
        commit: [retriesExhausted('endTransaction', 'NOT_COORDINATOR')],
        abort: [retriesExhausted('endTransaction', 'COORDINATOR_LOAD_IN_PROGRESS')],
      },
    ]);
    const producer = new TransactionalProducer(create);
    await producer.fence();

    expect(await sendOne(producer)).toMatchObject({ producerReplaced: true, inDoubt: true });
    await expect(sendOne(producer)).rejects.toThrow('fence() before a transaction');
    // The new producer's InitProducerId (same transactional id) fences the old one and completes its transaction.
    await producer.fence();
    expect(await sendOne(producer)).toBeUndefined();
    expect(log).toEqual([
      ...['p0 begin', 'p0 cancel'],
      ...['p0 begin', 'p0 send', 'p0 commit failed', 'p0 abort failed', 'p0 close'],
      ...['p1 begin', 'p1 cancel', 'p1 begin', 'p1 send', 'p1 commit'],
    ]);
  });

  it('replaces the producer when beginning a transaction failed (nothing to abort), with nothing in doubt', async () => {
    const { create, log } = fakeProducers([
      { begin: [undefined, retriesExhausted('findCoordinator', 'COORDINATOR_NOT_AVAILABLE')] },
    ]);
    const producer = new TransactionalProducer(create);
    await producer.fence();

    expect(await sendOne(producer)).toMatchObject({ producerReplaced: true, inDoubt: false });
    await producer.fence();
    expect(await sendOne(producer)).toBeUndefined();
    expect(log).toEqual([
      ...['p0 begin', 'p0 cancel', 'p0 begin failed', 'p0 close'],
      ...['p1 begin', 'p1 cancel', 'p1 begin', 'p1 send', 'p1 commit'],
    ]);
  });

  it('throws a fencing error: another instance owns the transactional id', async () => {
    const { create, log } = fakeProducers([{ commit: [retriesExhausted('endTransaction', 'PRODUCER_FENCED')] }]);
    const producer = new TransactionalProducer(create);
    await producer.fence();
    await expect(sendOne(producer)).rejects.toThrow('endTransaction failed 51 times.');
    expect(log).toEqual(['p0 begin', 'p0 cancel', 'p0 begin', 'p0 send', 'p0 commit failed']);
  });
});

describe('an epoch loop over a TransactionalProducer', () => {
  it('begins a fresh transaction in the epoch after a commit failed with a retriable error', async () => {
    const { create, log } = fakeProducers([
      {
        commit: [retriesExhausted('endTransaction', 'NOT_COORDINATOR')],
        abort: [retriesExhausted('endTransaction', 'NOT_COORDINATOR')],
      },
    ]);
    const producer = new TransactionalProducer(create);
    const ends: string[] = [];
    let epochs = 0;
    await runEpochs({
      identity: 'test',
      logger: pino({ level: 'silent' }),
      stopping: () => epochs === 2,
      onFenced: () => undefined,
      // Like the workers' epochs: fence, then one batch a transaction; a failed one ends the epoch.
      runEpoch: async () => {
        epochs += 1;
        await producer.fence();
        const end = (await sendOne(producer)) === undefined ? 'stopping' : 'aborted';
        ends.push(end);
        return end;
      },
    });
    expect(ends).toEqual(['aborted', 'stopping']);
    expect(log).toEqual([
      ...['p0 begin', 'p0 cancel', 'p0 begin', 'p0 send', 'p0 commit failed', 'p0 abort failed', 'p0 close'],
      ...['p1 begin', 'p1 cancel', 'p1 begin', 'p1 send', 'p1 commit'],
    ]);
  });
});
