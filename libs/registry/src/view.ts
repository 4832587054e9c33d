import type {
  AuthorizationToken,
  ChargingAsset,
  ChargingSession,
  EscrowLocked,
  Party,
  PaymentEvent,
  Station,
  Tariff,
} from '@vz/schemas';

/** A version of an entity and the instant from which it holds. */
interface Version<Value> {
  readonly from: number;
  readonly value: Value;
}

/** Keeps versions in order of `from` (arrival order for equal instants) and answers "which one held at t". */
class History<Value> {
  readonly #versions = new Map<string, Version<Value>[]>();

  add(key: string, from: number, value: Value): void {
    const versions = this.#versions.get(key) ?? [];
    let index = versions.length;
    while (index > 0 && (versions[index - 1]?.from ?? 0) > from) index -= 1;
    versions.splice(index, 0, { from, value });
    this.#versions.set(key, versions);
  }

  at(key: string, at: number): Value | undefined {
    const versions = this.#versions.get(key) ?? [];
    for (let index = versions.length - 1; index >= 0; index -= 1) {
      const version = versions[index];
      if (version !== undefined && version.from <= at) return version.value;
    }
    return undefined;
  }
}

export interface EscrowLock {
  readonly accountId: string;
  readonly lockedAt: number;
  readonly lock: EscrowLocked;
}

/**
 * The platform's reference data as of any instant: parties and their wallets, tokens, stations (by charger), tariff
 * versions, assets and escrow locks, fed from their topics from the start. Lookups are by the session's own time,
 * never "now", so a replay finds what the live run found (provided the topics still hold those versions: compacted
 * topics keep only the latest record of each entity, see the README).
 */
export class RegistryView {
  readonly #parties = new History<Party>();
  readonly #stations = new History<Station>();
  readonly #stationIdsByCharger = new Map<string, Set<string>>();
  readonly #tariffs = new History<Tariff>();
  readonly #assets = new History<ChargingAsset>();
  readonly #tokens = new History<AuthorizationToken>();
  readonly #locksByCharger = new Map<string, EscrowLock[]>();
  readonly #locksBySession = new Map<string, EscrowLock>();
  readonly #locksByEscrowId = new Map<string, EscrowLock>();

  applyParty(party: Party): void {
    this.#parties.add(party.partyId, party.occurredAt, party);
  }

  applyStation(station: Station): void {
    this.#stations.add(station.stationId, station.occurredAt, station);
    for (const evse of station.evses) {
      const ids = this.#stationIdsByCharger.get(evse.chargerId) ?? new Set<string>();
      ids.add(station.stationId);
      this.#stationIdsByCharger.set(evse.chargerId, ids);
    }
  }

  /** A tariff version holds from its validFromAt (else from when it was published). */
  applyTariff(tariff: Tariff): void {
    this.#tariffs.add(tariff.tariffId, tariff.validFromAt ?? tariff.occurredAt, tariff);
  }

  applyAsset(asset: ChargingAsset): void {
    this.#assets.add(asset.assetId, asset.occurredAt, asset);
  }

  applyToken(token: AuthorizationToken): void {
    this.#tokens.add(token.idTag, token.occurredAt, token);
  }

  applyPayment(event: PaymentEvent): void {
    if (!('vz.payment.EscrowLocked' in event.payload)) return;
    const lock = event.payload['vz.payment.EscrowLocked'];
    const entry: EscrowLock = { accountId: event.accountId, lockedAt: event.occurredAt, lock };
    this.#locksByEscrowId.set(lock.escrowId.toLowerCase(), entry);
    if (lock.sessionId !== null) this.#locksBySession.set(lock.sessionId, entry);
    if (lock.chargerId !== null) {
      this.#locksByCharger.set(lock.chargerId, [...(this.#locksByCharger.get(lock.chargerId) ?? []), entry]);
    }
  }

  /** The station whose EVSEs include the charger at `at`. */
  stationOf(chargerId: string, at: number): Station | undefined {
    for (const stationId of this.#stationIdsByCharger.get(chargerId) ?? []) {
      const station = this.#stations.at(stationId, at);
      if (station !== undefined && !station.deleted && station.evses.some((evse) => evse.chargerId === chargerId))
        return station;
    }
    return undefined;
  }

  tariff(tariffId: string, at: number): Tariff | undefined {
    const tariff = this.#tariffs.at(tariffId, at);
    const expired = tariff?.validUntilAt != null && at >= tariff.validUntilAt;
    return tariff === undefined || tariff.deleted || expired ? undefined : tariff;
  }

  asset(assetId: string, at: number): ChargingAsset | undefined {
    const asset = this.#assets.at(assetId, at);
    return asset?.deleted === false ? asset : undefined;
  }

  token(idTag: string, at: number): AuthorizationToken | undefined {
    const token = this.#tokens.at(idTag, at);
    return token?.deleted === false ? token : undefined;
  }

  party(partyId: string, at: number): Party | undefined {
    const party = this.#parties.at(partyId, at);
    return party?.deleted === false ? party : undefined;
  }

  /** The wallet a party is paid to at `at`; null when the party is unknown or has none (settled off chain). */
  walletOf(partyId: string, at: number): string | null {
    return this.party(partyId, at)?.walletAddress ?? null;
  }

  /**
   * The account that pays for sessions started with `idTag`: the token's account, or the account that pays for it
   * (a driver's fleet, `payerPartyId`, followed once: a payer does not delegate further). Undefined for an unknown or
   * anonymous token, or an account not (yet) registered.
   */
  payerOf(idTag: string, at: number): Party | undefined {
    const accountId = this.token(idTag, at)?.accountId ?? null;
    const account = accountId === null ? undefined : this.party(accountId, at);
    if (account?.payerPartyId == null) return account;
    return this.party(account.payerPartyId, at) ?? account;
  }

  /** Where the charger's energy register rolls over (StationEvse.meterRegisterMaxWh), when its station says. */
  meterRegisterMaxWh(chargerId: string, at: number): number | null {
    const evse = this.stationOf(chargerId, at)?.evses.find((each) => each.chargerId === chargerId);
    return evse?.meterRegisterMaxWh ?? null;
  }

  /** The lock with this escrow id (its on-chain sessionRef), once the chain connector has reported it. */
  lockOf(escrowId: string): EscrowLock | undefined {
    return this.#locksByEscrowId.get(escrowId.toLowerCase());
  }

  /**
   * The lock a session was started against: the one the session names (its start carried the lock the central system
   * made), else one naming the session, else the latest lock for its charger and idTag
   * made at or before the start and not expired then (Share&Charge: the driver locks, then starts).
   */
  escrowOf(session: ChargingSession): EscrowLock | undefined {
    if (session.escrowId !== null) return this.lockOf(session.escrowId);
    const named = this.#locksBySession.get(session.sessionId);
    if (named !== undefined) return named;
    const candidates = (this.#locksByCharger.get(session.chargerId) ?? []).filter(
      ({ lock, lockedAt }) =>
        lock.idTag !== null &&
        lock.idTag === session.idTag &&
        lockedAt <= session.startedAt &&
        (lock.expiresAt === null || lock.expiresAt >= session.startedAt),
    );
    return candidates.reduce<EscrowLock | undefined>(
      (latest, candidate) => (latest === undefined || candidate.lockedAt >= latest.lockedAt ? candidate : latest),
      undefined,
    );
  }
}
