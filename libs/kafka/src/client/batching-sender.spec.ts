import { describe, expect, it } from '@jest/globals';
import type { MessageToProduce, Producer } from '@platformatic/kafka';
import { BatchingSender } from './batching-sender.ts';

/** A producer that records each request; the unit under test is the batching, not Kafka. */
function recordingProducer(fail = false) {
  const requests: string[][] = [];
  const producer = {
    send: async ({ messages }: { messages: MessageToProduce[] }) => {
      requests.push(messages.map((message) => String(message.value)));
      if (fail) throw new Error('broker down');
      return {};
    },
  } as unknown as Producer;
  return { producer, requests };
}

const message = (value: string): MessageToProduce => ({ topic: 't', value: Buffer.from(value) });

describe('BatchingSender', () => {
  it('sends what several callers send within the linger in one request, in order, and resolves each', async () => {
    const { producer, requests } = recordingProducer();
    const sender = new BatchingSender(producer, { lingerMs: 5 });
    await Promise.all([
      sender.send([message('a')]),
      sender.send([message('b'), message('c')]),
      sender.send([message('d')]),
    ]);
    expect(requests).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('sends at once when the batch is full', async () => {
    const { producer, requests } = recordingProducer();
    const sender = new BatchingSender(producer, { lingerMs: 60_000, maxMessages: 2 });
    await sender.send([message('a'), message('b')]);
    expect(requests).toEqual([['a', 'b']]);
  });

  it('rejects every caller of a failed request, and drains what is queued', async () => {
    const { producer } = recordingProducer(true);
    const sender = new BatchingSender(producer, { lingerMs: 60_000 });
    const first = sender.send([message('a')]);
    const second = sender.send([message('b')]);
    await sender.drain();
    await expect(first).rejects.toThrow('broker down');
    await expect(second).rejects.toThrow('broker down');
  });
});
