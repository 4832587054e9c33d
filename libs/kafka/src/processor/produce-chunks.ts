import type { MessageToProduce } from '@platformatic/kafka';

/**
 * The broker refuses a record batch above `message.max.bytes` (1 MiB by default) and the client writes one batch per
 * partition per request, so a large transaction is sent in requests of at most this many bytes of payload.
 */
export const maxRequestPayloadBytes = 512 * 1024;

export function* produceChunks(messages: readonly MessageToProduce[]): Generator<MessageToProduce[]> {
  let chunk: MessageToProduce[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = (message.key?.length ?? 0) + ((message.value as Buffer | null | undefined)?.length ?? 0) + 64;
    if (chunk.length > 0 && bytes + size > maxRequestPayloadBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
