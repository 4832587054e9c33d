import { type FollowedTopic, followTopic, type KafkaConfig } from '@vz/kafka';
import type { AuthorizationStatus, AuthorizationToken, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';

/** What the token book says of an idTag; each edge connector spells `status` in its own protocol. */
export interface TokenDecision {
  /** EXPIRED for a token past its `expiresAt`; INVALID for an unknown or withdrawn one (unless accepted, see below). */
  readonly status: AuthorizationStatus;
  /** False for an idTag `registry.tokens` does not hold (or holds as deleted). */
  readonly known: boolean;
  readonly expiresAt: number | null;
  readonly parentIdTag: string | null;
}

/**
 * The tokens the edge connectors answer authorizations from: the latest record per idTag of `registry.tokens`.
 * An unknown or withdrawn token is INVALID, unless unknown tokens are accepted (a demo or an open charger).
 */
export class TokenBook {
  readonly #tokens = new Map<string, AuthorizationToken>();
  readonly #acceptUnknown: boolean;

  constructor(options: { acceptUnknown: boolean }) {
    this.#acceptUnknown = options.acceptUnknown;
  }

  apply(token: AuthorizationToken): void {
    if (token.deleted) this.#tokens.delete(token.idTag);
    else this.#tokens.set(token.idTag, token);
  }

  decide(idTag: string, now: number = Date.now()): TokenDecision {
    const token = this.#tokens.get(idTag);
    if (token === undefined) {
      return { status: this.#acceptUnknown ? 'ACCEPTED' : 'INVALID', known: false, expiresAt: null, parentIdTag: null };
    }
    const expired = token.expiresAt !== null && token.expiresAt <= now;
    return {
      status: expired ? 'EXPIRED' : token.status,
      known: true,
      expiresAt: token.expiresAt,
      parentIdTag: token.parentIdTag,
    };
  }
}

/**
 * A token book filled from `registry.tokens`: read whole before it resolves (a throwaway consumer group per
 * instance), then followed, so an instance answers from every token published before it started.
 */
export async function followTokenBook(options: {
  readonly kafka: KafkaConfig;
  readonly codec: TopicCodec<AuthorizationToken>;
  readonly acceptUnknown: boolean;
  /** Names the throwaway group: `<application>-tokens-<instanceId>-<time>`. */
  readonly application: string;
  readonly instanceId: string;
  readonly logger: Logger;
}): Promise<{ book: TokenBook; close: () => Promise<void> }> {
  const { codec } = options;
  const book = new TokenBook({ acceptUnknown: options.acceptUnknown });
  const feed: FollowedTopic = await followTopic({
    kafka: options.kafka,
    groupId: `${options.application}-tokens-${options.instanceId}-${Date.now()}`,
    topic: codec.topic,
    from: 'earliest',
    handle: async (message) => book.apply(await codec.decode(message.value, message)),
    logger: options.logger,
  });
  await feed.caughtUp();
  return { book, close: () => feed.close() };
}
