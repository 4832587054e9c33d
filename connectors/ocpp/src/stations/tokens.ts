import type { AuthorizationStatus, AuthorizationToken } from '@vz/schemas';

/** OCPP's spelling of our statuses (1.6 §7.2 AuthorizationStatus, 2.0.1 §3.4 AuthorizationStatusEnumType). */
const ocppNames: Record<AuthorizationStatus, string> = {
  ACCEPTED: 'Accepted',
  BLOCKED: 'Blocked',
  EXPIRED: 'Expired',
  INVALID: 'Invalid',
  CONCURRENT_TX: 'ConcurrentTx',
  NO_CREDIT: 'NoCredit',
  NOT_ALLOWED_TYPE_EVSE: 'NotAllowedTypeEVSE',
  NOT_AT_THIS_LOCATION: 'NotAtThisLocation',
  NOT_AT_THIS_TIME: 'NotAtThisTime',
  UNKNOWN: 'Unknown',
};
const in16 = new Set(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']);

export interface TokenDecision {
  /** The OCPP status to answer. */
  readonly status: string;
  readonly expiresAt: number | null;
  readonly parentIdTag: string | null;
}

/**
 * The tokens the central system answers authorizations from: the latest record per idTag of `registry.tokens`.
 * An unknown or withdrawn token is Invalid, unless unknown tokens are accepted (a demo or an open charger).
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

  decide(idTag: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', now: number = Date.now()): TokenDecision {
    const token = this.#tokens.get(idTag);
    if (token === undefined) {
      return { status: this.#acceptUnknown ? 'Accepted' : 'Invalid', expiresAt: null, parentIdTag: null };
    }
    const expired = token.expiresAt !== null && token.expiresAt <= now;
    const name = expired ? 'Expired' : ocppNames[token.status];
    // A 2.0.1-only status sent to a 1.6 charger would fail its schema validation: say Invalid there.
    const status =
      protocol === 'ocpp1.6' && !in16.has(name)
        ? 'Invalid'
        : name === 'Unknown' && protocol === 'ocpp1.6'
          ? 'Invalid'
          : name;
    return { status, expiresAt: token.expiresAt, parentIdTag: token.parentIdTag };
  }
}
