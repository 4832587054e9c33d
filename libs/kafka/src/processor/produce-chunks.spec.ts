import { describe, expect, it } from '@jest/globals';
import type { MessageToProduce } from '@platformatic/kafka';
import { maxRequestPayloadBytes, produceChunks } from './produce-chunks.ts';

const message = (bytes: number): MessageToProduce => ({ topic: 't', key: Buffer.alloc(8), value: Buffer.alloc(bytes) });

describe('produceChunks', () => {
  it('keeps every message, in order, in requests below the payload limit', () => {
    const messages = Array.from({ length: 5_000 }, () => message(300));
    const chunks = [...produceChunks(messages)];
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.length * (300 + 8 + 64)).toBeLessThanOrEqual(maxRequestPayloadBytes);
  });

  it('sends a message larger than the limit alone rather than dropping it', () => {
    const big = message(maxRequestPayloadBytes * 2);
    expect([...produceChunks([message(10), big, message(10)])].map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });

  it('makes no request for no message', () => {
    expect([...produceChunks([])]).toEqual([]);
  });
});
