// Generated from schemas/avro by `npm run schemas:generate`. Do not edit: change the .avsc file and regenerate.

/** Operating revenue of a charging asset (STO / RWA register), accumulated by streams/settlements from the settlements of its stations: what one settlement added, and the day's and running totals after it. A correction (settlement revision > 0) adds the difference to what its session added before. Amounts in minor units of `currency`; an asset with sessions in several currencies has a running total per currency. */
export interface AssetRevenue {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `asset-revenue:<settlement eventId>`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: occurredAt of the settlement. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the settlement's eventId. */
  causationId: string;
  /** registry.assets assetId. The key. */
  assetId: string;
  /** The session whose settlement this is. */
  sessionId: string;
  /** The day the revenue counts for: the session's start date in the station's time zone, YYYY-MM-DD. */
  day: string;
  /** ISO 4217 currency of every amount here. */
  currency: string;
  /** What this settlement added to the asset's operating revenue: its charged amount (incl. VAT), or the difference to the previous revision. */
  charged: number;
  /** What this settlement added to the investors' pool (the sum of its INVESTOR splits), or the difference to the previous revision. */
  investorPool: number;
  /** Operating revenue of `day` so far. */
  dayCharged: number;
  /** Investor pool of `day` so far. */
  dayInvestorPool: number;
  /** Running total of operating revenue in this currency. */
  totalCharged: number;
  /** Running total of the investor pool in this currency. */
  totalInvestorPool: number;
  /** Sessions settled for the asset so far (in this currency). */
  sessions: number;
}

/** Role of a party receiving part of a settlement: CPO (charge point operator), MSP (mobility service provider of the driver), PLATFORM (VZ platform commission), INVESTOR (holder of a share of the charging asset). */
export type PartyRole = 'CPO' | 'MSP' | 'PLATFORM' | 'INVESTOR' | 'UNKNOWN';

/** How the cost of a finished charging session is split, derived by streams/settlements from the final ChargingSession, executed on chain once per sessionId (escrow settle). Splits always add up to the charged amount (the total, capped at the escrow lock for prepaid sessions). Rounding (the one place it is specified for splits): an amount A is divided by basis points b_i (summing to 10000) by giving each part floor(A x b_i / 10000) and then one minor unit each to the parts with the largest remainders, ties to the earlier part in `splits`, until the parts sum to A. Level 1 divides the charged amount among CPO, MSP and PLATFORM; level 2 takes revenueShareBasisPoints of the CPO part as the investor pool (same rule, two parts) and divides the pool among INVESTOR splits by their shares; the CPO split keeps its part minus the pool. */
export interface Settlement {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `settlement:<sessionId>` for revision 0, `settlement:<sessionId>:<revision>` after. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: occurredAt of the ChargingSession state settled, or of the operator's decision for a revision confirmed on billing.settlement-reviews. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of the ChargingSession state settled, or of the operator's CONFIRMED decision (vz.billing.SettlementReview) for a revision that lowers a settled amount. */
  causationId: string;
  /** The charging.sessions sessionId settled. The key. */
  sessionId: string;
  /** Charging station identity. */
  chargerId: string;
  /** registry.stations stationId. */
  stationId: null | string;
  /** registry.assets assetId whose investors share the revenue, if any. */
  assetId: null | string;
  /** Tariff the total was computed with. */
  tariffId: null | string;
  /** Paying account. */
  accountId: null | string;
  /** Escrow to settle, if the session was prepaid. */
  escrowId: null | string;
  /** Energy delivered, Wh (the session's final energyWh). */
  energyWh: number;
  /** The session's cost including VAT: subtotal + vat. */
  total: Money;
  /** Who gets what of `charged`; amounts sum to charged.amountMinor exactly. Order: CPO, MSP, PLATFORM, then INVESTOR by investorId. */
  splits: Array<SettlementSplit>;
  /** 0 for the first settlement of the session; n > 0 when late data completed the session again with other figures (flag CORRECTION); a revision that would lower the settled total or charged amount is emitted only once an operator confirmed it (billing.settlement-reviews). Only revision 0 is executed on chain; later revisions are adjustments for the books. */
  revision: number;
  /** The cost by tariff dimension (and the min/max price adjustment), in the order ENERGY, TIME, PARKING_TIME, FLAT, adjustment; a dimension priced by several tariff elements over the session (a time-of-day boundary, say) has a line per element, in order of first use (vz.registry.Tariff). */
  lines: Array<SettlementLine>;
  /** Sum of the lines excluding VAT (null in records written before lines existed). */
  subtotal: null | Money;
  /** Sum of the lines' VAT. */
  vat: null | Money;
  /** What is paid out to the splits: total, or for a prepaid session at most the escrow lock. */
  charged: null | Money;
  /** The escrow lock (prepaid sessions); null otherwise. */
  escrowLocked: null | Money;
  /** What goes back to the driver: escrowLocked - charged; null when not prepaid. */
  escrowRefund: null | Money;
  /** total - charged when the cost exceeded the lock (flag ESCROW_SHORTFALL); null otherwise. */
  shortfall: null | Money;
  /** What a reader must know (see SettlementFlag). */
  flags: Array<SettlementFlag>;
  /** The session's start, epoch ms (what the tariff and reward rules are evaluated at). */
  startedAt: null | number;
  /** The identifier the session was started with (the reward recipient when no account is known). */
  idTag: null | string;
  /** IANA time zone of the station (registry.stations timeZone); null when unknown (UTC is used). */
  stationTimeZone: null | string;
  /** True when the station is a private charger shared by its owner (registry.stations ownerId set, no CPO operator). */
  sharedPrivateCharger: boolean;
  /** The session's end, epoch ms; null in records written before this field. With startedAt it names every day an earlier revision may have been counted on: a session's start moves when its start arrives after its stop, and the earlier revision's start was that stop (analytics' refreshed rollups re-read both days). */
  endedAt: null | number;
}

/** What a reader of a settlement must know. NO_TARIFF: no tariff applied to the session's connector at its start, the cost is 0. ESCROW_SHORTFALL: the cost exceeded the escrow lock; the charged amount is capped at the lock and `shortfall` says what is missing. SESSION_FLAGGED: the session carries data-quality flags (ChargingSession.flags). CORRECTION: a revision after late data changed the session; see `revision`. */
export type SettlementFlag = 'NO_TARIFF' | 'ESCROW_SHORTFALL' | 'SESSION_FLAGGED' | 'CORRECTION' | 'UNKNOWN';

/** One line of a settlement's cost: quantity x price, excluding VAT, and its VAT. amountMinor = round_half_up(quantity x priceMinor / unit) with unit 1000 for ENERGY (quantity in Wh, price per kWh), 60000 for TIME and PARKING_TIME (quantity in ms, price per minute), 1 for FLAT; vatMinor = round_half_up(amountMinor x vatBasisPoints / 10000), negative amounts rounded the same way away from zero. */
export interface SettlementLine {
  /** What the line charges. */
  kind: SettlementLineKind;
  /** Wh for ENERGY, ms for TIME and PARKING_TIME, 1 for FLAT and the price adjustments. */
  quantity: number;
  /** Price per unit excluding VAT, minor units (per kWh, per minute, per session); for MIN_PRICE / MAX_PRICE the adjustment itself. */
  priceMinor: number;
  /** The line's amount excluding VAT, minor units of the settlement currency. */
  amountMinor: number;
  /** VAT rate applied to this line, basis points: the component's, else the tariff's, else 0. */
  vatBasisPoints: number;
  /** VAT of this line, minor units. */
  vatMinor: number;
}

/** What a settlement line charges: a tariff dimension (ENERGY per kWh, TIME per minute charging, PARKING_TIME per minute connected after charging stopped, FLAT per session), or the adjustment that brings the sum up to the tariff's minPrice (MIN_PRICE) or down to its maxPrice (MAX_PRICE, negative). */
export type SettlementLineKind = 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'FLAT' | 'MIN_PRICE' | 'MAX_PRICE' | 'UNKNOWN';

/** The review of a settlement revision that would lower a settled amount: never applied automatically, it is held (PROPOSED, written by streams/settlements) until an operator confirms or rejects it (written by `vz settlements confirm|reject`); every record about one proposal carries its reviewId. Upward revisions (late energy) are emitted without review. */
export interface SettlementReview {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: the reviewId for PROPOSED, `<reviewId>:<decision>` for the others. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: PROPOSED and SUPERSEDED the occurredAt of the ChargingSession state that caused them; CONFIRMED and REJECTED when the operator decided (the edge's clock). */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: PROPOSED and SUPERSEDED the eventId of the ChargingSession state; CONFIRMED and REJECTED the reviewId decided. */
  causationId: string;
  /** The charging.sessions sessionId. The key, as on billing.settlements (co-partitioned). */
  sessionId: string;
  /** The proposal: `review:<eventId of the ChargingSession state that gave it>`. */
  reviewId: string;
  /** What this record says about the proposal (see SettlementReviewDecision). */
  decision: SettlementReviewDecision;
  /** The revision in force that the proposal would replace; the proposal is revision settledRevision + 1. */
  settledRevision: number;
  /** PROPOSED: the total of the revision in force. */
  settledTotal: null | Money;
  /** PROPOSED: the charged amount of the revision in force. */
  settledCharged: null | Money;
  /** PROPOSED: the settlement held, as it would be emitted on confirmation (then with the decision's eventId as causationId and its occurredAt); null on the other records. */
  proposed: null | Settlement;
  /** CONFIRMED and REJECTED: who decided (the operator's name or account). */
  decidedBy: null | string;
  /** Why: the operator's reason for a decision; for SUPERSEDED what replaced the proposal. */
  reason: null | string;
}

/** Where a held settlement revision stands. PROPOSED: streams/settlements held a revision that would lower what a session was settled at (its total or charged amount, or a change of currency) instead of emitting it; an operator decides. CONFIRMED: an operator accepts it; the processor emits it as the next revision (flag CORRECTION). REJECTED: an operator refuses it; the settled revision stays, and the same figures are not proposed again. SUPERSEDED: later data replaced the proposal before a decision (a newer proposal, an automatic revision, or figures equal to the settled ones again). */
export type SettlementReviewDecision = 'PROPOSED' | 'CONFIRMED' | 'REJECTED' | 'SUPERSEDED' | 'UNKNOWN';

/** One party's part of a settlement. */
export interface SettlementSplit {
  /** Role the party is paid in. */
  role: PartyRole;
  /** Platform id of the party (CPO / MSP party, `platform`, investorId). */
  partyId: string;
  /** EVM address paid on chain, 0x + 40 lower-case hex. */
  walletAddress: null | string;
  /** Amount paid to the party; same currency as the settlement total. */
  amount: Money;
  /** Share this split was computed with, basis points of the amount it was divided from: of total for CPO, MSP and PLATFORM; of the investor pool for INVESTOR. Informative; amount is authoritative. */
  basisPoints: number;
}

/** What a chain command asks for. SETTLE: pay a billing.settlements record out of its escrow lock (Escrow.settle). MINT: mint a rewards.mint-batches batch (VzpToken.mintBatch). ANCHOR: store a sealed ledger.anchors batch root (AnchorRegistry.anchor). TOP_UP: credit a payment.commands TopUpOrder as ChargingToken. LOCK: lock a payment.commands EscrowLockOrder in Escrow. REFUND: refund an expired lock (EscrowRefundOrder). REGISTER_STATION / REGISTER_ASSET: mirror a registry.stations / registry.assets record on chain (StationRegistry, AssetRegister). */
export type ChainCommandKind =
  'SETTLE' | 'MINT' | 'ANCHOR' | 'TOP_UP' | 'LOCK' | 'REFUND' | 'REGISTER_STATION' | 'REGISTER_ASSET' | 'UNKNOWN';

/** The outcome of one chain command (settle, mint, anchor), written by connectors/chain's executor once per command record, in the same Kafka transaction that commits the command's offset. */
export interface ChainTransaction {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<commandTopic>:<command eventId>`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: the block timestamp when a block is known, else the command's occurredAt. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the command's eventId. */
  causationId: string;
  /** What the command asked for. */
  kind: ChainCommandKind;
  /** What makes the command idempotent on chain, and the key: SETTLE: the escrow id (session reference, 0x + 64 hex); MINT: the mint batch id; ANCHOR: the anchor batch id. */
  naturalKey: string;
  /** Topic the command was read from. */
  commandTopic: string;
  /** Partition the command was read from. */
  commandPartition: number;
  /** Offset of the command. */
  commandOffset: number;
  /** How the command ended. */
  status: ChainTxStatus;
  /** EIP-155 chain id. */
  chainId: number;
  /** Contract called, 0x + 40 lower-case hex. */
  contractAddress: string;
  /** Transaction, 0x + 64 lower-case hex; null when nothing was sent and no earlier transaction was found. */
  txHash: null | string;
  /** Block that included txHash. */
  blockNumber: null | number;
  /** Gas used by txHash (receipt.gasUsed). */
  gasUsed: null | number;
  /** Why a command was REVERTED or REJECTED (decoded custom error with its arguments, or a sentence). */
  reason: null | string;
}

/** How a chain command ended. CONFIRMED: our transaction was mined and succeeded. ALREADY_DONE: the chain already held the effect (found by the command's natural key: lock closed, batch minted, root stored), so nothing was sent; txHash then names the transaction that did it when it could be found. REVERTED: the transaction was mined and reverted, or the call would revert (reason says why, decoded from the contract's custom error). REJECTED: the command cannot be executed on chain as it is (no wallet for a payee, not an on-chain escrow, amounts out of range); reason says why. Retriable failures (node down, nonce races) are retried and never reported. */
export type ChainTxStatus = 'CONFIRMED' | 'ALREADY_DONE' | 'REVERTED' | 'REJECTED' | 'UNKNOWN';

/** The platform answered an authorization: the CSMS's Authorize.conf (OCPP 1.6J section 4.1, IdTagInfo) / AuthorizeResponse (2.0.1 C01, idTokenInfo), normalized from the outbound CALLRESULT frame. */
export interface AuthorizationDecided {
  /** Identifier presented by the driver: OCPP 1.6J idTag (IdToken, up to 20 chars); OCPP 2.0.1 idToken.idToken. Verbatim, case preserved. */
  idTag: string;
  /** Decision sent to the charger. */
  status: AuthorizationStatus;
  /** Until when the charger may cache the decision: 1.6J IdTagInfo.expiryDate; 2.0.1 idTokenInfo.cacheExpiryDateTime. Epoch ms. */
  expiresAt: null | number;
  /** Group identifier: 1.6J IdTagInfo.parentIdTag; 2.0.1 idTokenInfo.groupIdToken.idToken. */
  parentIdTag: null | string;
  /** Platform reason behind a non-ACCEPTED decision, e.g. `escrow:insufficient-funds`; null when none was given. */
  reason: null | string;
}

/** A charger asked whether an identifier may charge. OCPP 1.6J Authorize.req (section 4.1); OCPP 2.0.1 AuthorizeRequest (C01). */
export interface AuthorizationRequested {
  /** Identifier presented by the driver: OCPP 1.6J idTag (IdToken, up to 20 chars); OCPP 2.0.1 idToken.idToken. Verbatim, case preserved. */
  idTag: string;
  /** OCPP 2.0.1 IdTokenEnumType verbatim (ISO14443, ISO15693, eMAID, Central, KeyCode, Local, MacAddress, NoAuthorization); null for 1.6J. */
  idTokenType: null | string;
}

/** Outcome of an authorization. OCPP 1.6J AuthorizationStatus (IdTagInfo.status: Accepted, Blocked, Expired, Invalid, ConcurrentTx) and OCPP 2.0.1 AuthorizationStatusEnumType (adds NoCredit, NotAllowedTypeEVSE, NotAtThisLocation, NotAtThisTime; its `Unknown` maps to UNKNOWN). */
export type AuthorizationStatus =
  | 'ACCEPTED'
  | 'BLOCKED'
  | 'EXPIRED'
  | 'INVALID'
  | 'CONCURRENT_TX'
  | 'NO_CREDIT'
  | 'NOT_ALLOWED_TYPE_EVSE'
  | 'NOT_AT_THIS_LOCATION'
  | 'NOT_AT_THIS_TIME'
  | 'UNKNOWN';

/** A charger (re)started and introduced itself. OCPP 1.6J BootNotification.req (section 4.2); OCPP 2.0.1 BootNotificationRequest (B01); MQTT: the plug's birth message. */
export interface BootNotified {
  /** OCPP 1.6J chargePointVendor; 2.0.1 chargingStation.vendorName. */
  vendor: string;
  /** OCPP 1.6J chargePointModel; 2.0.1 chargingStation.model. */
  model: string;
  /** OCPP 1.6J chargePointSerialNumber (chargeBoxSerialNumber if only that is sent); 2.0.1 chargingStation.serialNumber. */
  serialNumber: null | string;
  /** OCPP 1.6J firmwareVersion; 2.0.1 chargingStation.firmwareVersion. */
  firmwareVersion: null | string;
  /** SIM ICCID of the modem (1.6J iccid; 2.0.1 chargingStation.modem.iccid). */
  iccid: null | string;
  /** SIM IMSI of the modem (1.6J imsi; 2.0.1 chargingStation.modem.imsi). */
  imsi: null | string;
  /** OCPP 1.6J meterType; null for 2.0.1 which does not send it. */
  meterType: null | string;
  /** OCPP 1.6J meterSerialNumber; null for 2.0.1. */
  meterSerialNumber: null | string;
  /** OCPP 2.0.1 BootReasonEnumType verbatim (PowerUp, FirmwareUpdate, Watchdog, ...); null for 1.6J, which has no reason. */
  reason: null | string;
}

/** Make the charger, an EVSE or a connector operative or inoperative. OCPP 1.6J ChangeAvailability.req (section 5.2); OCPP 2.0.1 ChangeAvailabilityRequest (G03, G04). */
export interface ChangeAvailabilityCommand {
  /** True = Operative, false = Inoperative (OCPP AvailabilityType / OperationalStatusEnumType). */
  operative: boolean;
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). Null (or 0 for 1.6J) = the whole charger or EVSE. */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
}

/** Change one configuration setting (OCPP 1.6 §5.3 ChangeConfiguration; OCPP 2.0.1 B05 SetVariables with one SetVariableData). */
export interface ChangeConfigurationCommand {
  /** OCPP 1.6 configuration key (e.g. HeartbeatInterval, MeterValueSampleInterval); for 2.0.1 the variable name when `variable` is null. */
  key: string;
  /** The new value, as OCPP carries it (a string in both versions). */
  value: string;
  /** OCPP 2.0.1 component name (e.g. OCPPCommCtrlr, SampledDataCtrlr); required for 2.0.1 chargers. */
  component: null | string;
  /** OCPP 2.0.1 variable name (e.g. HeartbeatInterval, TxUpdatedInterval); null = `key`. */
  variable: null | string;
}

/** A command the platform asks a charger to carry out; connectors/ocpp sends it as an OCPP CALL (connectors/mqtt publishes a plug's commands to its MQTT command topic) and answers with a vz.charger.ChargerCommandResult on charger.command-results. One envelope, the command is the payload branch. */
export interface ChargerCommand {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: derived by the requester from its request (e.g. the API request id); a retried produce gives the same id. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the request was accepted, taken from the request (not the time the connector sends it). */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the API request id, or the eventId of the record a processor acted on (e.g. the ChargingSession it stops). */
  causationId: string;
  /** Target charging station identity, as in RawFrame.chargerId. The key. */
  chargerId: string;
  /** Idempotency key of the command, at most 36 characters; the ChargerCommandResult carries it. connectors/mqtt sends it to the plug, which answers with it; connectors/ocpp cannot make it the OCPP-J UniqueId (its RPC library picks that). Delivery is at least once: a connector that crashes after sending may send it again. */
  commandId: string;
  /** Principal that asked: user id, service account or processor application id. */
  requestedBy: string;
  /** Deadline, epoch ms: not sent after it, and reported as TIMEOUT if unanswered by then. Null = the connector's default timeout. */
  expiresAt: null | number;
  /** The command. */
  payload:
    | { 'vz.charger.RemoteStartCommand': RemoteStartCommand }
    | { 'vz.charger.RemoteStopCommand': RemoteStopCommand }
    | { 'vz.charger.ResetCommand': ResetCommand }
    | { 'vz.charger.UnlockConnectorCommand': UnlockConnectorCommand }
    | { 'vz.charger.ChangeAvailabilityCommand': ChangeAvailabilityCommand }
    | { 'vz.charger.SetChargingProfileCommand': SetChargingProfileCommand }
    | { 'vz.charger.TriggerMessageCommand': TriggerMessageCommand }
    | { 'vz.charger.ChangeConfigurationCommand': ChangeConfigurationCommand }
    | { 'vz.charger.SwitchPlugCommand': SwitchPlugCommand };
}

/** How a vz.charger.ChargerCommand ended: exactly one per commandId. */
export interface ChargerCommandResult {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: equal to `<commandId>:result`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: receivedAt of the RawFrame with the answer; for TIMEOUT the command's deadline; for errors before sending, the command's occurredAt. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of the RawFrame with the CALLRESULT or CALLERROR; for TIMEOUT and send errors, the ChargerCommand's eventId. */
  causationId: string;
  /** Charging station identity. The key. */
  chargerId: string;
  /** commandId of the ChargerCommand this answers. */
  commandId: string;
  /** Normalized outcome. */
  outcome: CommandOutcome;
  /** OCPP action that was sent (e.g. RemoteStartTransaction, RequestStartTransaction); null if nothing was sent. */
  action: null | string;
  /** Status the charger answered, verbatim (Accepted, Rejected, Scheduled, NotSupported, UnlockFailed, ...); null for TIMEOUT and ERROR. */
  status: null | string;
  /** OCPP-J CALLERROR ErrorCode (e.g. NotImplemented, FormationViolation) or the connector's own code (e.g. CHARGER_OFFLINE); null unless ERROR or TIMEOUT. */
  errorCode: null | string;
  /** Why, in words: CALLERROR ErrorDescription, OCPP 2.0.1 statusInfo.reasonCode and additionalInfo, or the connector's explanation. */
  reason: null | string;
}

/** A normalized event from a charger, protocol independent: the connectors turn OCPP 1.6J, OCPP 2.0.1 and MQTT frames (vz.charger.RawFrame) into these. One envelope, the kind is the payload branch; new kinds are added as new branches. */
export interface ChargerEvent {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<causationId>/<n>`, n the 0-based index of this event among those normalized from the same frame (one frame can give several, e.g. one MeterSampled per MeterValue element). */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: the charger-reported time when the message carries one (StartTransaction.timestamp, MeterValue.timestamp, StatusNotification.timestamp, TransactionEventRequest.timestamp), otherwise the source frame's receivedAt. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of the RawFrame it was normalized from (the CALL; the outbound CALLRESULT for AuthorizationDecided). */
  causationId: string;
  /** Charging station identity, as in RawFrame.chargerId. The key. */
  chargerId: string;
  /** Protocol of the source frame. */
  protocol: FrameProtocol;
  /** receivedAt of the source frame; occurredAt minus receivedAt is the charger's clock skew plus latency. */
  receivedAt: number;
  /** What happened. */
  payload:
    | { 'vz.charger.BootNotified': BootNotified }
    | { 'vz.charger.StatusChanged': StatusChanged }
    | { 'vz.charger.AuthorizationRequested': AuthorizationRequested }
    | { 'vz.charger.AuthorizationDecided': AuthorizationDecided }
    | { 'vz.charger.TransactionStarted': TransactionStarted }
    | { 'vz.charger.MeterSampled': MeterSampled }
    | { 'vz.charger.TransactionEnded': TransactionEnded }
    | { 'vz.charger.FaultReported': FaultReported }
    | { 'vz.charger.HeartbeatReceived': HeartbeatReceived }
    | { 'vz.charger.FirmwareStatusChanged': FirmwareStatusChanged }
    | { 'vz.charger.DiagnosticsStatusChanged': DiagnosticsStatusChanged }
    | { 'vz.charger.SecurityEventReported': SecurityEventReported }
    | { 'vz.charger.DataTransferReceived': DataTransferReceived }
    | { 'vz.charger.VariableEventReported': VariableEventReported };
}

/** Unit of ChargingSchedulePeriod.limit, an integer: W (watts; OCPP ChargingRateUnit W) or MILLIAMPERE (milliamperes per phase; OCPP ChargingRateUnit A x 1000). */
export type ChargingRateUnit = 'W' | 'MILLIAMPERE' | 'UNKNOWN';

/** One step of a charging schedule. OCPP 1.6J ChargingSchedulePeriod (section 7) / 2.0.1 ChargingSchedulePeriodType. */
export interface ChargingSchedulePeriod {
  /** Start of the period relative to the schedule start, ms (OCPP startPeriod is seconds; x 1000). */
  startOffsetMs: number;
  /** Maximum charging rate in the schedule's rateUnit: W, or mA per phase. */
  limit: number;
  /** OCPP numberPhases; null = OCPP default 3. */
  numberPhases: null | number;
}

/** How a command ended. ACCEPTED: the charger accepted it (status Accepted or Scheduled); REJECTED: the charger answered with a refusing status (Rejected, NotSupported, UnlockFailed, ...); TIMEOUT: no answer before the command's deadline (errorCode null), the deadline passed before it could be sent (EXPIRED), or no connector instance reached the charger when the command was routed (CHARGER_OFFLINE, answered at once: a command is not held for a charger that may come back); ERROR: CALLERROR from the charger, or the connector could not send it. */
export type CommandOutcome = 'ACCEPTED' | 'REJECTED' | 'TIMEOUT' | 'ERROR' | 'UNKNOWN';

/** Status of a connector. OCPP 1.6J ChargePointStatus (section 7, used by StatusNotification.req section 4.9) maps one to one (SuspendedEVSE -> SUSPENDED_EVSE, SuspendedEV -> SUSPENDED_EV); OCPP 2.0.1 ConnectorStatusEnumType (G01) gives AVAILABLE, OCCUPIED, RESERVED, UNAVAILABLE, FAULTED. OCCUPIED appears only for 2.0.1, which does not report the finer PREPARING..FINISHING. */
export type ConnectorStatus =
  | 'AVAILABLE'
  | 'PREPARING'
  | 'CHARGING'
  | 'SUSPENDED_EVSE'
  | 'SUSPENDED_EV'
  | 'FINISHING'
  | 'RESERVED'
  | 'UNAVAILABLE'
  | 'FAULTED'
  | 'OCCUPIED'
  | 'UNKNOWN';

/** A vendor-specific message from the station (OCPP 1.6 §4.3 DataTransfer, OCPP 2.0.1 P02 DataTransfer), kept as sent. */
export interface DataTransferReceived {
  /** Vendor identifier. */
  vendorId: string;
  /** Vendor's message id, if any. */
  messageId: null | string;
  /** The data: the 1.6 string as is; the 2.0.1 value serialized as JSON. */
  data: null | string;
}

/** Progress of a diagnostics or log upload (OCPP 1.6 §4.4 DiagnosticsStatusNotification, OCPP 2.0.1 N01 LogStatusNotification). */
export interface DiagnosticsStatusChanged {
  /** OCPP DiagnosticsStatus (1.6) or UploadLogStatus (2.0.1) verbatim (Idle, Uploaded, UploadFailed, Uploading, ...). */
  status: string;
  /** OCPP 2.0.1 requestId of the GetLog request; null in 1.6. */
  requestId: null | number;
}

/** A charger reported an error condition (or its clearing). OCPP 1.6J StatusNotification.req with errorCode other than NoError (section 4.9); OCPP 2.0.1 NotifyEventRequest with a problem/alert variable (N07); MQTT plug fault messages. */
export interface FaultReported {
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). Null when the fault concerns no particular connector. */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** OCPP 1.6J ChargePointErrorCode verbatim (e.g. GroundFailure, OverCurrentFailure); OCPP 2.0.1 `<component>/<variable>` of the NotifyEvent eventData; MQTT the device's code. */
  errorCode: string;
  /** Free text: 1.6J info; 2.0.1 eventData.techInfo or actualValue. */
  info: null | string;
  /** OCPP 1.6J vendorId. */
  vendorId: null | string;
  /** OCPP 1.6J vendorErrorCode; 2.0.1 eventData.techCode. */
  vendorErrorCode: null | string;
  /** True when the charger reports the condition has gone (2.0.1 eventData.cleared; 1.6J a later NoError). */
  cleared: boolean;
}

/** Progress of a firmware update (OCPP 1.6 §4.5 FirmwareStatusNotification, OCPP 2.0.1 L01 FirmwareStatusNotification). */
export interface FirmwareStatusChanged {
  /** OCPP FirmwareStatus verbatim (Downloaded, DownloadFailed, Downloading, Idle, InstallationFailed, Installing, Installed, ...). */
  status: string;
  /** OCPP 2.0.1 requestId of the UpdateFirmware request; null in 1.6. */
  requestId: null | number;
}

/** Which way a frame travelled. FROM_CHARGER: charger to platform (inbound); TO_CHARGER: platform to charger (outbound). */
export type FrameDirection = 'FROM_CHARGER' | 'TO_CHARGER' | 'UNKNOWN';

/** Wire protocol of a charger connection. OCPP16: OCPP 1.6J (JSON over WebSocket, subprotocol `ocpp1.6`); OCPP201: OCPP 2.0.1 (subprotocol `ocpp2.0.1`); MQTT: IoT plugs over MQTT 3.1.1/5. */
export type FrameProtocol = 'OCPP16' | 'OCPP201' | 'MQTT' | 'UNKNOWN';

/** A charger showed it is alive. OCPP 1.6J Heartbeat.req (section 4.6); OCPP 2.0.1 HeartbeatRequest (G02); MQTT keep-alive status messages. occurredAt is the receive time (heartbeats carry no timestamp). */
export interface HeartbeatReceived {
  /** Heartbeat interval the charger is configured with, ms (1.6J BootNotification.conf interval / HeartbeatInterval; 2.0.1 BootNotificationResponse.interval), when the connector knows it; lets a consumer tell a missed heartbeat from a long interval. */
  intervalMs: null | number;
}

/** What a sampled value measures. OCPP 1.6J Measurand (section 7) / OCPP 2.0.1 MeasurandEnumType, dots turned to underscores (Energy.Active.Import.Register -> ENERGY_ACTIVE_IMPORT_REGISTER, SoC -> SOC). OCPP default when absent: ENERGY_ACTIVE_IMPORT_REGISTER. */
export type Measurand =
  | 'ENERGY_ACTIVE_IMPORT_REGISTER'
  | 'ENERGY_ACTIVE_EXPORT_REGISTER'
  | 'ENERGY_REACTIVE_IMPORT_REGISTER'
  | 'ENERGY_REACTIVE_EXPORT_REGISTER'
  | 'ENERGY_ACTIVE_IMPORT_INTERVAL'
  | 'ENERGY_ACTIVE_EXPORT_INTERVAL'
  | 'ENERGY_REACTIVE_IMPORT_INTERVAL'
  | 'ENERGY_REACTIVE_EXPORT_INTERVAL'
  | 'POWER_ACTIVE_IMPORT'
  | 'POWER_ACTIVE_EXPORT'
  | 'POWER_REACTIVE_IMPORT'
  | 'POWER_REACTIVE_EXPORT'
  | 'POWER_OFFERED'
  | 'POWER_FACTOR'
  | 'CURRENT_IMPORT'
  | 'CURRENT_EXPORT'
  | 'CURRENT_OFFERED'
  | 'VOLTAGE'
  | 'FREQUENCY'
  | 'TEMPERATURE'
  | 'SOC'
  | 'RPM'
  | 'UNKNOWN';

/** Integer unit of SampledValue.value, chosen so the usual resolution needs no fraction. The connector converts the OCPP unit (1.6J UnitOfMeasure / 2.0.1 UnitOfMeasureType with its multiplier): Wh, kWh -> WH; varh, kvarh -> VARH; W, kW -> W; var, kvar -> VAR; VA, kVA -> VA; A -> MILLIAMPERE; V -> MILLIVOLT; Hz -> MILLIHERTZ; Celsius, Fahrenheit, K -> MILLIDEGREE_CELSIUS; Percent and the unitless power factor -> PERMILLE; RPM -> RPM. */
export type MeasurandUnit =
  | 'WH'
  | 'VARH'
  | 'W'
  | 'VAR'
  | 'VA'
  | 'MILLIAMPERE'
  | 'MILLIVOLT'
  | 'MILLIHERTZ'
  | 'MILLIDEGREE_CELSIUS'
  | 'PERMILLE'
  | 'RPM'
  | 'UNKNOWN';

/** Measurements taken at one instant (one OCPP MeterValue element; occurredAt is its timestamp). OCPP 1.6J MeterValues.req (section 4.7) and StopTransaction.req transactionData; OCPP 2.0.1 MeterValuesRequest (J01) and TransactionEventRequest.meterValue (J02); MQTT plug readings. */
export interface MeterSampled {
  /** Transaction id as a string: OCPP 1.6J the integer transactionId from StartTransaction.conf in decimal; OCPP 2.0.1 transactionInfo.transactionId verbatim. Null for samples outside a transaction. */
  transactionId: null | string;
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). Null when the message did not say (2.0.1 TransactionEvent updates). */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** The sampled values of this MeterValue, in the order received. */
  samples: Array<SampledValue>;
}

/** One frame exchanged with a charger, kept verbatim for audit and anchoring: every OCPP-J WebSocket message and every MQTT PUBLISH, in both directions. Written by connectors/ocpp and connectors/mqtt before any parsing decision, so nothing a charger said is lost even when it cannot be understood. */
export interface RawFrame {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: equal to `<connectionId>:<frameSeq>`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: equal to receivedAt: a raw frame happens when the connector reads or writes it. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: inbound frames: the connectionId (the edge connection that carried them). Outbound frames: the eventId of what made the platform send it (the ChargerCommand for a CALL, the inbound RawFrame for a CALLRESULT/CALLERROR answering the charger). */
  causationId: string;
  /** Charging station identity. OCPP: the last path segment of the WebSocket URL the station connected to (OCPP-J 1.6 section 3.1 / 2.0.1 Part 4 section 3.1, the charge point identity). MQTT: the device id from the topic. Key of every charger.* topic. */
  chargerId: string;
  /** Id the connector gave this WebSocket connection or MQTT client session; unique over time (includes the connect time), so reconnects are distinguishable. */
  connectionId: string;
  /** 0-based position of this frame within its connection, both directions counted together, in the order the connector read or wrote them. */
  frameSeq: number;
  /** Protocol of the connection. */
  protocol: FrameProtocol;
  /** Inbound or outbound. */
  direction: FrameDirection;
  /** The frame exactly as on the wire: the WebSocket text frame bytes (UTF-8 JSON array for OCPP-J) or the MQTT PUBLISH payload. Never re-serialized, so its hash is stable. */
  payload: Buffer;
  /** MQTT topic name the payload was published on; null for OCPP. */
  mqttTopic: null | string;
  /** OCPP-J MessageTypeId when the frame parsed as an OCPP-J array: 2 CALL, 3 CALLRESULT, 4 CALLERROR (OCPP-J 1.6 section 4, RPC framework; OCPP 2.0.1 Part 4 section 4). Null for MQTT or unparseable frames. */
  messageTypeId: null | number;
  /** OCPP-J UniqueId (1.6) / MessageId (2.0.1), the second array element; pairs a CALL with its CALLRESULT or CALLERROR. Null when not parsed. */
  uniqueId: null | string;
  /** OCPP action, e.g. `BootNotification`. Present in CALL frames; for CALLRESULT and CALLERROR the connector copies it from the matching CALL when it knows it. */
  action: null | string;
  /** Why the frame could not be parsed as OCPP-J or as the MQTT device format; null when it parsed or when parsing was not attempted. */
  parseError: null | string;
  /** When the connector read (inbound) or wrote (outbound) the frame, epoch ms from the connector clock. The only wall-clock time of the pipeline, taken once at the edge; everything derived copies it. */
  receivedAt: number;
}

/** Start a transaction for an identifier. OCPP 1.6J RemoteStartTransaction.req (section 5.11); OCPP 2.0.1 RequestStartTransactionRequest (F01). */
export interface RemoteStartCommand {
  /** Identifier presented by the driver: OCPP 1.6J idTag (IdToken, up to 20 chars); OCPP 2.0.1 idToken.idToken. Verbatim, case preserved. */
  idTag: string;
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). Null lets the charger choose. */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** OCPP 2.0.1 remoteStartId (required there; the connector derives one from commandId when null). Ignored for 1.6J. */
  remoteStartId: null | number;
}

/** Stop a running transaction. OCPP 1.6J RemoteStopTransaction.req (section 5.12); OCPP 2.0.1 RequestStopTransactionRequest (F03). */
export interface RemoteStopCommand {
  /** Transaction id as a string: OCPP 1.6J the integer transactionId from StartTransaction.conf in decimal; OCPP 2.0.1 transactionInfo.transactionId verbatim. */
  transactionId: string;
}

/** Reboot the charger or one EVSE. OCPP 1.6J Reset.req (section 5.14); OCPP 2.0.1 ResetRequest (B11, B12). */
export interface ResetCommand {
  /** Kind of reset. */
  type: ResetType;
  /** OCPP 2.0.1 evseId to reset just one EVSE; null resets the whole charger (always for 1.6J). */
  evseId: null | number;
}

/** Kind of reset. SOFT / HARD are OCPP 1.6J ResetType (Reset.req section 5.14); IMMEDIATE / ON_IDLE are OCPP 2.0.1 ResetEnumType (B11, B12). The connector maps across versions: HARD <-> IMMEDIATE, SOFT <-> ON_IDLE. */
export type ResetType = 'SOFT' | 'HARD' | 'IMMEDIATE' | 'ON_IDLE' | 'UNKNOWN';

/** One measured value, OCPP 1.6J SampledValue (section 7.45, inside MeterValue) / OCPP 2.0.1 SampledValueType (2.50), as an integer with its unit; a signed reading keeps the signed payload verbatim beside it, and a value that could not be read is kept with the reason (readError) instead of refusing the message. */
export interface SampledValue {
  /** What is measured. */
  measurand: Measurand;
  /** The reading converted to `unit` and rounded to the nearest integer, halves away from zero (half up for the non-negative readings meters give); the one rounding of meter values. OCPP sends decimal strings (1.6J, exponent notation such as 1.5e3 included) or JSON numbers (2.0.1), converted exactly, never through a float; a signed OCMF reading is taken from its RV (kWh to Wh by the same rule). Registers are absolute meter readings, intervals are deltas. 0 when readError is set. */
  value: number;
  /** Unit of `value`; UNKNOWN when readError is set, so no reading of a known unit is taken from it. */
  unit: MeasurandUnit;
  /** OCPP Phase verbatim (L1, L2, L3, N, L1-N, L2-N, L3-N, L1-L2, L2-L3, L3-L1); null = all phases / not phase related. */
  phase: null | string;
  /** OCPP Location verbatim (Body, Cable, EV, Inlet, Outlet); null = OCPP default Outlet. */
  location: null | string;
  /** OCPP ReadingContext verbatim (Interruption.Begin, Interruption.End, Other, Sample.Clock, Sample.Periodic, Transaction.Begin, Transaction.End, Trigger); null = OCPP default Sample.Periodic. */
  context: null | string;
  /** The signed meter data verbatim, as the driver verifies it with the meter's public key: OCPP 1.6J the sampled value's value when its format is SignedData (section 7.45 ValueFormat); OCPP 2.0.1 signedMeterValue.signedMeterData (Base64). Null when the value was not signed. */
  signedData: null | string;
  /** Format of signedData as recognised: OCMF (Open Charge Metering Format of S.A.F.E. e.V., `OCMF|{payload}|{signature}`, sent as text, Base64 or hex). Null when unsigned or the format is not one read here. */
  signedFormat: null | string;
  /** OCPP 2.0.1 signedMeterValue.signingMethod verbatim (may be empty when signedData names it, as OCMF does in SA). Null for OCPP 1.6J and unsigned values. */
  signingMethod: null | string;
  /** OCPP 2.0.1 signedMeterValue.encodingMethod verbatim (e.g. OCMF, EDL). Null for OCPP 1.6J and unsigned values. */
  encodingMethod: null | string;
  /** OCPP 2.0.1 signedMeterValue.publicKey verbatim (Base64). Null for OCPP 1.6J and unsigned values. */
  publicKey: null | string;
  /** Why no number could be read from what the charger sent (not a decimal, a signed format not read here, an OCMF reading the meter flagged unusable, ...); then value is 0 and unit UNKNOWN, and the sample is kept for its signedData and measurand. Null when value holds the reading. */
  readError: null | string;
}

/** A security event the station reports (OCPP 2.0.1 A04 SecurityEventNotification; the security whitepaper's list for 1.6). */
export interface SecurityEventReported {
  /** Security event type verbatim (e.g. FirmwareUpdated, InvalidCsmsCertificate, TamperDetectionActivated). */
  type: string;
  /** Additional technical information from the station. */
  techInfo: null | string;
}

/** Install a smart-charging profile. OCPP 1.6J SetChargingProfile.req (section 5.16, csChargingProfiles); OCPP 2.0.1 SetChargingProfileRequest (K01). Purpose and kind use the OCPP 2.0.1 names; the connector maps them to 1.6J (ChargingStationMaxProfile <-> ChargePointMaxProfile). */
export interface SetChargingProfileCommand {
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). 1.6J: 0 targets the whole charge point. Null for 2.0.1 (use evseId). */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** OCPP chargingProfileId; a later profile with the same id replaces this one. */
  chargingProfileId: number;
  /** OCPP stackLevel: higher wins among profiles of the same purpose. */
  stackLevel: number;
  /** OCPP 2.0.1 ChargingProfilePurposeEnumType verbatim: ChargingStationMaxProfile, TxDefaultProfile, TxProfile, ChargingStationExternalConstraints. */
  purpose: string;
  /** OCPP ChargingProfileKindType verbatim: Absolute, Recurring, Relative. */
  kind: string;
  /** OCPP RecurrencyKindType verbatim (Daily, Weekly) when kind is Recurring. */
  recurrency: null | string;
  /** Transaction id as a string: OCPP 1.6J the integer transactionId from StartTransaction.conf in decimal; OCPP 2.0.1 transactionInfo.transactionId verbatim. Required by OCPP for TxProfile. */
  transactionId: null | string;
  /** OCPP validFrom, epoch ms; null = now. */
  validFromAt: null | number;
  /** OCPP validTo, epoch ms; null = open-ended. */
  validToAt: null | number;
  /** OCPP chargingSchedule.startSchedule, epoch ms; null for Relative profiles. */
  startScheduleAt: null | number;
  /** OCPP chargingSchedule.duration (seconds) in ms; null = until the last period ends with the profile. */
  durationMs: null | number;
  /** Unit of every period limit. */
  rateUnit: ChargingRateUnit;
  /** Schedule periods in ascending startOffsetMs; the first starts at 0. */
  periods: Array<ChargingSchedulePeriod>;
}

/** A connector (or the whole charger) reported its status. OCPP 1.6J StatusNotification.req (section 4.9); OCPP 2.0.1 StatusNotificationRequest (G01); MQTT plug state messages. */
export interface StatusChanged {
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). */
  connectorId: number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** New status. */
  status: ConnectorStatus;
  /** OCPP 1.6J ChargePointErrorCode verbatim when not `NoError` (a FaultReported is emitted as well); null otherwise and for 2.0.1, which reports errors through NotifyEvent. */
  errorCode: null | string;
  /** OCPP 1.6J info: free text from the charger. */
  info: null | string;
  /** OCPP 1.6J vendorId qualifying vendorErrorCode. */
  vendorId: null | string;
  /** OCPP 1.6J vendorErrorCode verbatim. */
  vendorErrorCode: null | string;
}

/** Why a transaction ended. OCPP 1.6J Reason (StopTransaction.req section 4.10; absent means LOCAL per the spec) and OCPP 2.0.1 ReasonEnumType (TransactionEventRequest.transactionInfo.stoppedReason), CamelCase turned UPPER_SNAKE (EVDisconnected -> EV_DISCONNECTED, DeAuthorized -> DE_AUTHORIZED). */
export type StopReason =
  | 'LOCAL'
  | 'REMOTE'
  | 'EV_DISCONNECTED'
  | 'DE_AUTHORIZED'
  | 'EMERGENCY_STOP'
  | 'HARD_RESET'
  | 'SOFT_RESET'
  | 'IMMEDIATE_RESET'
  | 'REBOOT'
  | 'POWER_LOSS'
  | 'UNLOCK_COMMAND'
  | 'ENERGY_LIMIT_REACHED'
  | 'SOC_LIMIT_REACHED'
  | 'TIME_LIMIT_REACHED'
  | 'LOCAL_OUT_OF_CREDIT'
  | 'MASTER_PASS'
  | 'GROUND_FAULT'
  | 'OVERCURRENT_FAULT'
  | 'POWER_QUALITY'
  | 'STOPPED_BY_EV'
  | 'TIMEOUT'
  | 'OTHER'
  | 'UNKNOWN';

/** Switch an MQTT plug's relay on or off (connectors/mqtt publishes it to vz/plugs/<plugId>/commands). Switching off a plug that is charging ends its session. OCPP chargers have no such command: they answer REJECTED. */
export interface SwitchPlugCommand {
  /** True: close the relay (power available to the outlet); false: open it. */
  on: boolean;
}

/** A charging transaction ended. OCPP 1.6J StopTransaction.req (section 4.10); OCPP 2.0.1 TransactionEventRequest eventType=Ended (E06-E07). Samples in 1.6J transactionData arrive as separate MeterSampled events. */
export interface TransactionEnded {
  /** Transaction id as a string: OCPP 1.6J the integer transactionId from StartTransaction.conf in decimal; OCPP 2.0.1 transactionInfo.transactionId verbatim. */
  transactionId: string;
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). Null for 1.6J, whose StopTransaction carries no connector. */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** Identifier presented by the driver: OCPP 1.6J idTag (IdToken, up to 20 chars); OCPP 2.0.1 idToken.idToken. Verbatim, case preserved. The identifier that stopped the transaction, when given. */
  idTag: null | string;
  /** Energy register at stop, Wh: 1.6J meterStop (already Wh); 2.0.1 the Energy.Active.Import.Register sampled value of the Ended event converted to Wh; null when 2.0.1 sent none. */
  meterStopWh: null | number;
  /** Why it ended; LOCAL when 1.6J omitted the reason (spec default). */
  reason: StopReason;
  /** The signed energy register reading at the end, as sampled in the same message (OCPP 1.6J StopTransaction.req transactionData, OCPP 2.0.1 TransactionEventRequest Ended meterValue): the Energy.Active.Import.Register sample with signedData, the one of context Transaction.End if there are several, else the last; its value is the reading taken from the signed data (readError when it could not be), its signedData the payload verbatim, evidence the driver can verify. Null when no register reading was signed. */
  signedMeterStop: null | SampledValue;
}

/** A charging transaction started. OCPP 1.6J StartTransaction.req (section 4.8) with the transactionId from its .conf; OCPP 2.0.1 TransactionEventRequest eventType=Started (E01-E03). */
export interface TransactionStarted {
  /** Transaction id as a string: OCPP 1.6J the integer transactionId from StartTransaction.conf in decimal; OCPP 2.0.1 transactionInfo.transactionId verbatim. */
  transactionId: string;
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). Null when a 2.0.1 transaction started before an EVSE was chosen. */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** Identifier presented by the driver: OCPP 1.6J idTag (IdToken, up to 20 chars); OCPP 2.0.1 idToken.idToken. Verbatim, case preserved. Null when a 2.0.1 transaction started without a token (authorization later or none). */
  idTag: null | string;
  /** Energy register at start, Wh: 1.6J meterStart (already Wh); 2.0.1 the Energy.Active.Import.Register sampled value of the Started event converted to Wh; null when 2.0.1 sent none. */
  meterStartWh: null | number;
  /** OCPP reservationId the transaction consumed (1.6J reservationId; 2.0.1 reservationId). */
  reservationId: null | number;
  /** OCPP 2.0.1 transactionInfo.remoteStartId linking it to a RemoteStartCommand; null for 1.6J. */
  remoteStartId: null | number;
  /** OCPP 2.0.1 TriggerReasonEnumType verbatim (Authorized, CablePluggedIn, RemoteStart, ...); null for 1.6J. */
  triggerReason: null | string;
  /** The prepaid escrow lock the central system placed on chain for this start (Escrow sessionRef, 0x + 64 lower-case hex), when the token's account is prepaid; null for postpaid or anonymous tokens. Not from the charger: the central system adds it. */
  escrowId: null | string;
}

/** Ask the charger to send a message now (OCPP 1.6 §5.17 TriggerMessage, OCPP 2.0.1 F06 TriggerMessage). */
export interface TriggerMessageCommand {
  /** OCPP MessageTrigger verbatim: BootNotification, Heartbeat, StatusNotification, MeterValues, FirmwareStatusNotification, DiagnosticsStatusNotification (1.6) / LogStatusNotification, TransactionEvent, SignChargingStationCertificate ... (2.0.1). */
  requestedMessage: string;
  /** OCPP 1.6 connectorId the trigger is about; null = the charge point as a whole. */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE the trigger is about; null = the charging station as a whole. */
  evseId: null | number;
}

/** Release the cable lock of a connector. OCPP 1.6J UnlockConnector.req (section 5.18); OCPP 2.0.1 UnlockConnectorRequest (F05). */
export interface UnlockConnectorCommand {
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). */
  connectorId: number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
}

/** One monitored variable event (OCPP 2.0.1 N07 NotifyEvent: one record per EventDataType). */
export interface VariableEventReported {
  /** Component name (e.g. Connector, EVSE, ChargingStation). */
  component: string;
  /** Variable name (e.g. AvailabilityState, Problem). */
  variable: string;
  /** The variable's value when the event happened, verbatim. */
  actualValue: string;
  /** Alerting, Delta or Periodic. */
  trigger: string;
  /** HardWiredNotification, HardWiredMonitor, PreconfiguredMonitor or CustomMonitor. */
  eventNotificationType: string;
  /** EVSE of the component, if any. */
  evseId: null | number;
  /** True when the event reports that a problem went away. */
  cleared: null | boolean;
  /** Technical (vendor) code. */
  techCode: null | string;
  /** Technical detail. */
  techInfo: null | string;
}

/** The state of one charging session, derived by streams/sessions from charger.events (and payment.events for the escrow): one record per change, the last one (COMPLETED or INVALID) is final and is what billing settles. */
export interface ChargingSession {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<sessionId>/<causationId>`: one session state per input event. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: occurredAt of the input event that changed the session. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of that input: a ChargerEvent (TransactionStarted, MeterSampled, TransactionEnded) or a PaymentEvent (EscrowLocked). */
  causationId: string;
  /** `<chargerId>:<transactionId>`: unique because OCPP transaction ids are unique per charger (2.0.1) or per CSMS (1.6J). The key. */
  sessionId: string;
  /** Charging station identity. */
  chargerId: string;
  /** registry.stations stationId of the charger, when registered. */
  stationId: null | string;
  /** Connector: OCPP 1.6J connectorId (0 = the charge point as a whole, 1.. a connector); OCPP 2.0.1 connectorId within the EVSE (1..). */
  connectorId: null | number;
  /** OCPP 2.0.1 EVSE id (EVSEType.id, 0 = the station as a whole). Null for OCPP 1.6J and MQTT, where connectorId alone addresses the outlet. */
  evseId: null | number;
  /** Transaction id as a string: OCPP 1.6J the integer transactionId from StartTransaction.conf in decimal; OCPP 2.0.1 transactionInfo.transactionId verbatim. */
  transactionId: string;
  /** Identifier presented by the driver: OCPP 1.6J idTag (IdToken, up to 20 chars); OCPP 2.0.1 idToken.idToken. Verbatim, case preserved. */
  idTag: null | string;
  /** Paying account (payment.events key), when the idTag maps to one. */
  accountId: null | string;
  /** Escrow locked for this session (EscrowLocked.escrowId). */
  escrowId: null | string;
  /** Session state: ACTIVE while the transaction runs, COMPLETED once it ended (or was closed by a rule, see flags). */
  status: SessionStatus;
  /** occurredAt of TransactionStarted, epoch ms. */
  startedAt: number;
  /** occurredAt of TransactionEnded, epoch ms; null while running. */
  endedAt: null | number;
  /** Energy register at start, Wh (TransactionStarted.meterStartWh, else the first register sample). */
  meterStartWh: null | number;
  /** Energy register at stop, Wh (TransactionEnded.meterStopWh, else the last register sample); null while running. */
  meterStopWh: null | number;
  /** Energy delivered so far, Wh: the register's net change over its readings in time order (start, samples, stop), never a sum of the steps up, so a reading that goes backwards lowers it rather than inflating it; counted across a wrap when the register's maximum is known, and per run across a reset (see SessionFlag); never negative; final once status is COMPLETED. Never summed from power samples. */
  energyWh: number;
  /** Why the transaction ended; null while running. */
  stopReason: null | StopReason;
  /** registry.tariffs tariffId applied. */
  tariffId: null | string;
  /** Cost by the tariff, computed and rounded as the Tariff doc says; null while unknown or without a tariff. */
  cost: null | Money;
  /** Group of the idTag (fleet, household): OCPP 1.6J parentIdTag / 2.0.1 groupIdToken from the platform's latest authorization decision for this idTag at this charger; null when none was given. */
  groupIdTag: null | string;
  /** Protocol of the charger events this session was derived from (OCPP16, OCPP201, MQTT); null in records written before it was added. */
  protocol: null | FrameProtocol;
  /** Highest active import power reported during the session, W (Power.Active.Import: the all-phase value, else the sum of the phases of one reading); null when the charger reported none. */
  peakPowerW: null | number;
  /** When energy stopped flowing while the car stayed connected, epoch ms: the connector left CHARGING (SuspendedEV, SuspendedEVSE, Finishing) and did not come back, else the time of the last register increase. Null while running or when unknown. */
  chargingEndedAt: null | number;
  /** Idle (blocking) time after charging stopped: endedAt minus chargingEndedAt, ms, never negative; null while running or when unknown. */
  idleMs: null | number;
  /** Data-quality facts about the session (see SessionFlag), in the order they were raised; empty for a clean session. */
  flags: Array<SessionFlag>;
}

/** Something about a session's data a reader (billing, support, analysts) must know. METER_WENT_BACKWARDS: a register reading was lower than the one before it and the register did not wrap; the energy follows the register (its net change), so such a step lowers the energy and never inflates it; energy is never negative. METER_RESET: a step down was a reset (to less than half the reading before and below the run's first reading: a meter reset or replaced); the energy is the sum of each run's net change, the step across counting 0. METER_WRAPPED: the register rolled over its known maximum (registerMaxWh) and was counted across: maximum - previous + current. STOP_WITHOUT_START: the end arrived for a transaction whose start never did (energy is 0 until the start arrives). CLOSED_BY_TIMEOUT: no end arrived; the session was closed when the charger reported something more than the timeout after the session's last activity, at that last activity. CLOSED_BY_NEW_SESSION: no end arrived; a new transaction started on the same connector, so this one was closed at its last activity. LATE_METER_VALUES: readings arrived after the session completed and changed its energy; the session was completed again with the corrected figures. */
export type SessionFlag =
  | 'METER_WENT_BACKWARDS'
  | 'STOP_WITHOUT_START'
  | 'CLOSED_BY_TIMEOUT'
  | 'CLOSED_BY_NEW_SESSION'
  | 'LATE_METER_VALUES'
  | 'UNKNOWN'
  | 'METER_RESET'
  | 'METER_WRAPPED';

/** A WGS 84 position in integer microdegrees (degrees x 1,000,000, rounded half away from zero), so positions hash and compare exactly. */
export interface GeoPoint {
  /** Latitude in microdegrees, -90,000,000..90,000,000, positive north. */
  latitudeMicrodegrees: number;
  /** Longitude in microdegrees, -180,000,000..180,000,000, positive east. */
  longitudeMicrodegrees: number;
}

/** An amount of money: an exact integer in minor units plus its currency. Never a float. Rounding is never done inside Money; a record that computes an amount states its rounding rule in its own doc. */
export interface Money {
  /** Amount in integer minor units of `currency` (cents for EUR/USD, whole units for zero-decimal currencies such as JPY or KRW, per the ISO 4217 minor-unit exponent). Non-negative unless the containing field says otherwise. */
  amountMinor: number;
  /** ISO 4217 alphabetic code, three upper-case letters, e.g. `EUR`. */
  currency: string;
}

/** A roaming party as OCPI 2.2.1 identifies it (Credentials module, CredentialsRole; the country_code and party_id fields of Location, Session, CDR and Tariff). */
export interface OcpiParty {
  /** OCPI country_code: ISO 3166-1 alpha-2 country of the party, upper case, e.g. `NL`. */
  countryCode: string;
  /** OCPI party_id: ID of the party (ISO 15118 / eMI3 provider or operator id), 3 characters upper case, e.g. `TNM`. */
  partyId: string;
}

/** State of a charging session. Mirrors OCPI 2.2.1 SessionStatus (Sessions module, section 9.4) and is shared by roaming.sessions and charging.sessions. PENDING: authorized or requested, not started; RESERVATION: started by a reservation, not charging yet; ACTIVE: transaction running; COMPLETED: ended, final, billable; INVALID: ended and not billable (e.g. authorization rejected after the fact, inconsistent meter readings); UNKNOWN: a symbol this reader does not know. */
export type SessionStatus = 'PENDING' | 'RESERVATION' | 'ACTIVE' | 'COMPLETED' | 'INVALID' | 'UNKNOWN';

/** A batch of anchored records committed to the chain as one Merkle root (DESIGN.md, Chain): leaves are hashes of (topic, partition, offset, value hash), in ranges order and offset order. Each batch appears twice: first sealed by streams/anchoring (txHash null), then anchored by connectors/chain (txHash, blockNumber, anchoredAt set). */
export interface AnchorBatch {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<batchId>:sealed` or `<batchId>:anchored`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: sealed: the greatest Kafka timestamp among the batch's records; anchored: the block timestamp. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: sealed: the eventId of the previous batch's sealed record (`genesis` for batch 0), chaining batches; anchored: the sealed record's eventId. */
  causationId: string;
  /** The 0-based batch sequence number in decimal; batches are totally ordered (the topic has one partition). The key. */
  batchId: string;
  /** Merkle root of the leaves, 0x + 64 lower-case hex (keccak256). */
  merkleRoot: string;
  /** Number of leaves (records) in the batch. */
  leafCount: number;
  /** Per topic-partition offset ranges covered, sorted by topic then partition. */
  ranges: Array<AnchorRange>;
  /** EIP-155 chain id the root is (to be) anchored on. */
  chainId: number;
  /** Anchor registry contract address, 0x + 40 lower-case hex. */
  contractAddress: null | string;
  /** Transaction that stored the root, 0x + 64 lower-case hex; null until anchored. */
  txHash: null | string;
  /** Block that included txHash. */
  blockNumber: null | number;
  /** Block timestamp of the anchoring, epoch ms; null until anchored. */
  anchoredAt: null | number;
}

/** One anchored record as a Merkle leaf. The leaf hash is keccak256(keccak256(abi.encode(string topic, uint32 partition, uint64 offset, bytes32 valueHash))), OpenZeppelin StandardMerkleTree's leaf, recomputable by anyone from these fields. */
export interface AnchorLeaf {
  /** Topic of the record. */
  topic: string;
  /** Partition of the record. */
  partition: number;
  /** Offset of the record. */
  offset: number;
  /** keccak256 of the record's value bytes exactly as stored in Kafka (wire format included), 0x + 64 lower-case hex; keccak256 of no bytes for a null value. */
  valueHash: string;
}

/** Part of the leaves of one anchor batch, kept so proofs can be built later without re-reading the anchored topics (and by the analytics sink, for proofs from ClickHouse). Written by streams/anchoring in the transaction that seals the batch; the chunks of a batch, in chunkIndex order, list its leaves in batch order (the order of its ranges, then offsets). */
export interface AnchorLeafChunk {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<batchId>:leaves:<chunkIndex>`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: the sealed batch's occurredAt. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the sealed batch's eventId. */
  causationId: string;
  /** The anchor batch (ledger.anchors batchId). The key. */
  batchId: string;
  /** 0-based index of this chunk within the batch. */
  chunkIndex: number;
  /** Number of chunks of the batch. */
  chunkCount: number;
  /** Index in the batch of this chunk's first leaf. */
  firstLeafIndex: number;
  /** The leaves, in batch order. */
  leaves: Array<AnchorLeaf>;
}

/** The records of one topic-partition included in an anchor batch. */
export interface AnchorRange {
  /** Topic name (catalog name). */
  topic: string;
  /** Partition number. */
  partition: number;
  /** First offset included (inclusive). */
  fromOffset: number;
  /** Last offset included (inclusive). Every committed record in [fromOffset, toOffset] is a leaf; offsets of transaction markers and aborted records are skipped. */
  toOffset: number;
}

/** Prepaid funds moved from the account into escrow for a charging session (locked at session start, see DESIGN.md Chain). */
export interface EscrowLocked {
  /** Escrow id: the escrow contract's lock id (0x + 64 hex) or the prepaid ledger id. */
  escrowId: string;
  /** The charging.sessions sessionId, when known at lock time; null when the lock precedes the transaction (then EscrowSettled or EscrowRefunded names it). */
  sessionId: null | string;
  /** Charger the lock is for. */
  chargerId: null | string;
  /** Identifier that will start the session, as in ChargerEvent idTag. */
  idTag: null | string;
  /** Amount locked, positive. */
  amount: Money;
  /** When an unused lock may be refunded, epoch ms. */
  expiresAt: null | number;
}

/** Lock an amount of a prepaid account's balance in Escrow for a session about to start (Share&Charge pre-payment), decided by the central system when a charger asks to authorize a prepaid token. */
export interface EscrowLockOrder {
  /** The lock's sessionRef on chain: 0x + 64 lower-case hex, deterministic from the authorization request. The natural key: locked at most once. */
  escrowId: string;
  /** Charger the session is to run on (in the Locked event, so a settlement finds the lock). */
  chargerId: string;
  /** Token the driver presented (in the Locked event). */
  idTag: string;
  /** Amount to lock, positive: the most the session may cost. */
  amount: Money;
  /** After this long the lock, if not settled, may be refunded to the driver, ms. */
  timeoutMs: number;
}

/** An escrow was returned whole to the account without a settlement (session never started, lock expired, session INVALID). */
export interface EscrowRefunded {
  /** Escrow id as in EscrowLocked. */
  escrowId: string;
  /** The session, when one existed. */
  sessionId: null | string;
  /** Amount returned, positive. */
  amount: Money;
  /** Why, e.g. `session-invalid`, `lock-expired`, `not-started`. */
  reason: null | string;
}

/** Give an expired, unsettled lock back to its driver (Escrow.refundExpired). */
export interface EscrowRefundOrder {
  /** The lock's sessionRef, 0x + 64 lower-case hex. The natural key. */
  escrowId: string;
  /** Why, e.g. `lock-expired`. */
  reason: string;
}

/** An escrow was paid out for a finished session: chargedAmount went to the settlement splits, refundedAmount back to the account. Invariant: chargedAmount + refundedAmount = lockedAmount, same currency; executed once per sessionId. */
export interface EscrowSettled {
  /** Escrow id as in EscrowLocked. */
  escrowId: string;
  /** The charging session paid for; null when the event comes from the chain, which knows only the escrow id (the settlement that executed it names the session). */
  sessionId: null | string;
  /** eventId of the billing.settlements record that was executed; null when the event comes from the chain (chain.transactions links the settlement to its transaction). */
  settlementId: null | string;
  /** What was locked. */
  lockedAmount: Money;
  /** What was paid out to the splits (the settlement total, capped at lockedAmount). */
  chargedAmount: Money;
  /** What went back to the account: lockedAmount - chargedAmount. */
  refundedAmount: Money;
}

/** An order to move prepaid funds on chain, for connectors/chain to execute exactly once by its natural key; the outcome is a vz.chain.ChainTransaction on chain.transactions, and what happened on chain arrives on payment.events. */
export interface PaymentCommand {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<kind>:<natural key>` (e.g. `lock:0x…`). */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: the time of the request or frame that decided it. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the raw frame (lock), the request (top-up) or the lock event (refund). */
  causationId: string;
  /** Platform account whose funds move. The key, so an account's orders stay in order. */
  accountId: string;
  /** EVM address of the account's wallet, 0x + 40 lower-case hex: credited by a top-up, debited by a lock. */
  walletAddress: string;
  /** What to do. */
  payload:
    | { 'vz.payment.TopUpOrder': TopUpOrder }
    | { 'vz.payment.EscrowLockOrder': EscrowLockOrder }
    | { 'vz.payment.EscrowRefundOrder': EscrowRefundOrder };
}

/** A movement of prepaid funds of an account: top-up, escrow lock, settle, refund. Produced by connectors/chain from contract events (then chainId and txHash are set) or by the payment API. One envelope, the kind is the payload branch. */
export interface PaymentEvent {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: chain events: `<chainId>:<txHash>:<logIndex>`; API events: derived from the request id. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: chain events: the block timestamp; API events: the request time. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of the record that asked for it when known (e.g. the Settlement an EscrowSettled executes), otherwise the API request id or `<chainId>:<txHash>`. */
  causationId: string;
  /** Platform account (driver, fleet or MSP customer) whose funds moved. The key, so an account's movements stay in order. */
  accountId: string;
  /** EVM address of the account's wallet, 0x + 40 lower-case hex. */
  walletAddress: null | string;
  /** EIP-155 chain id of the transaction; null when not on chain. */
  chainId: null | number;
  /** On-chain transaction hash, 0x + 64 lower-case hex; null when not on chain. */
  txHash: null | string;
  /** Block that included the transaction. */
  blockNumber: null | number;
  /** Index of the contract log within the block. */
  logIndex: null | number;
  /** What happened. */
  payload:
    | { 'vz.payment.TopUp': TopUp }
    | { 'vz.payment.EscrowLocked': EscrowLocked }
    | { 'vz.payment.EscrowSettled': EscrowSettled }
    | { 'vz.payment.EscrowRefunded': EscrowRefunded };
}

/** Prepaid funds added to an account (Share&Charge pre-payment: the driver buys tokens before charging). */
export interface TopUp {
  /** Amount added, positive. */
  amount: Money;
  /** Account balance after the top-up, when the source states it. */
  balanceAfter: null | Money;
  /** External reference of the funding payment (card processor id, bank transfer reference, on-chain deposit). */
  paymentReference: null | string;
}

/** Credit an account's prepaid balance: funds were received off chain (card, transfer) and are to be minted as ChargingToken to the account's wallet, once per paymentReference. */
export interface TopUpOrder {
  /** Amount to credit, positive, in the charging token's currency. */
  amount: Money;
  /** External reference of the funding payment (card processor id, bank transfer reference). The natural key: a reference is credited at most once on chain. */
  paymentReference: string;
}

/** A record an application could not decode, validate or process, with the reason; written to `<application>-dlq` so the partition keeps moving and nothing is silently dropped. The source record is kept byte for byte for replay. */
export interface DeadLetter {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<application>:<sourceTopic>:<sourcePartition>:<sourceOffset>`: one dead letter per application and source record. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: equal to sourceTimestamp. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the source record's coordinates `<sourceTopic>:<sourcePartition>:<sourceOffset>`, which identify it whether or not it decoded. */
  causationId: string;
  /** Application (Kafka Streams style application id) that gave up; also names its `<application>-dlq` topic. */
  application: string;
  /** Topic of the source record. */
  sourceTopic: string;
  /** Partition of the source record. */
  sourcePartition: number;
  /** Offset of the source record. */
  sourceOffset: number;
  /** Kafka timestamp of the source record, epoch ms. */
  sourceTimestamp: number;
  /** Source record key bytes verbatim; null for a null key. */
  key: null | Buffer;
  /** Source record value bytes verbatim (Confluent framing included); null for a tombstone. */
  value: null | Buffer;
  /** Source record headers, in order. */
  headers: Array<DeadLetterHeader>;
  /** Machine-readable error code of the failure (the error class code of libs/core errors). */
  errorCode: string;
  /** Human-readable reason. */
  reason: string;
  /** Where it failed. */
  stage: DeadLetterStage;
  /** How many times processing was attempted before giving up (1 = no retry). */
  attempts: number;
}

/** One Kafka record header, kept verbatim. */
export interface DeadLetterHeader {
  /** Header key. */
  key: string;
  /** Header value bytes; null for a null header value. */
  value: null | Buffer;
}

/** Where processing failed: DECODE (bytes are not valid Confluent-framed Avro for a known schema), VALIDATE (decoded, but breaks a rule, e.g. shares not summing to 10000), PROCESS (the processor failed on it after its retries). */
export type DeadLetterStage = 'DECODE' | 'VALIDATE' | 'PROCESS' | 'UNKNOWN';

/** An identifier a driver presents to start charging (RFID idTag, app token; OCPP 1.6 IdToken, OCPP 2.0.1 IdTokenType, OCPI Token) and whether it may: the central system answers Authorize, StartTransaction and TransactionEvent from the latest record per idTag. Written by MSPs, the API or roaming (OCPI Tokens module). */
export interface AuthorizationToken {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: the id of the registry change. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the token's state was set; the latest wins. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the API request or OCPI message that changed the token. */
  causationId: string;
  /** The identifier as the charger reports it (OCPP 1.6 idTag, OCPP 2.0.1 idToken.idToken; up to 36 characters). The key. */
  idTag: string;
  /** What the central system answers for it (ACCEPTED, BLOCKED, EXPIRED, INVALID, ...). */
  status: AuthorizationStatus;
  /** After this the token is answered EXPIRED; null = no expiry. */
  expiresAt: null | number;
  /** Group identifier (OCPP 1.6 parentIdTag, 2.0.1 groupIdToken): tokens of one fleet or household. */
  parentIdTag: null | string;
  /** eMSP that issued it (`<country_code>*<party_id>`), for roaming and billing. */
  mspPartyId: null | string;
  /** Party (vz.registry.Party) that pays for sessions started with this token: the driver's own account or their fleet. Null: an anonymous token (sessions are not attributed to an account). */
  accountId: null | string;
  /** True when the token was withdrawn; it is then answered INVALID, as an unknown token is. */
  deleted: boolean;
}

/** A charging asset financed by investors (STO / RWA Register, mirrored from the on-chain asset register). Its stations' settlements pay an investor pool, split by `shares`. Latest state per assetId on a compacted topic. */
export interface ChargingAsset {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: derived from the registry API request id, or `<chainId>:<txHash>:<logIndex>` when mirrored from the asset register contract. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the change took effect (request time or block time). Also the version: per key, the record with the greatest occurredAt is the current state. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the registry API request id, the OCPI X-Request-ID for roaming partners' entries, or `<chainId>:<txHash>:<logIndex>` when mirrored from the chain. */
  causationId: string;
  /** Platform asset id. The key. */
  assetId: string;
  /** Display name. */
  name: null | string;
  /** registry.stations stationIds whose revenue this asset receives. */
  stationIds: Array<string>;
  /** EVM address of the asset's share token, 0x + 40 lower-case hex. */
  tokenAddress: null | string;
  /** EIP-155 chain id of tokenAddress. */
  chainId: null | number;
  /** Part of the CPO share of each settled session on these stations that goes to the investor pool, basis points 0..10000. */
  revenueShareBasisPoints: number;
  /** Investors. Their basisPoints sum to exactly 10000; a record where they do not is rejected by the producer (dead-lettered on validation). */
  shares: Array<InvestorShare>;
  /** Logical delete. Producers never write Kafka tombstones, so the last state of a removed entity stays on the compacted topic. */
  deleted: boolean;
}

/** A data-sharing consent: a subject allows a data partner (insurer, carbon-offset registry, government research) to receive some of its data. Effective at time t iff not revoked and validFromAt <= t < validUntilAt. Latest state per consentId on a compacted topic; mirrored to the on-chain consent registry. */
export interface Consent {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: derived from the registry API request id, or `<chainId>:<txHash>:<logIndex>` when mirrored from the consent registry contract. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the change took effect (request time or block time). Also the version: per key, the record with the greatest occurredAt is the current state. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the registry API request id, the OCPI X-Request-ID for roaming partners' entries, or `<chainId>:<txHash>:<logIndex>` when mirrored from the chain. */
  causationId: string;
  /** Platform consent id. The key. */
  consentId: string;
  /** Whose data: the account, fleet, vehicle or station id the consent covers. */
  subjectId: string;
  /** Data partner receiving the data; its Kafka principal and ACLs derive from it. */
  partnerId: string;
  /** What may be shared. */
  scopes: Array<DataScope>;
  /** Stated purpose, shown to the subject. */
  purpose: null | string;
  /** Start of validity, epoch ms (inclusive). */
  validFromAt: number;
  /** End of validity, epoch ms (exclusive); null = until revoked. */
  validUntilAt: null | number;
  /** True once the subject revoked it; revocation is final. */
  revoked: boolean;
  /** When it was revoked, epoch ms. */
  revokedAt: null | number;
}

/** A class of data a subject can consent to share: one per shared topic family, plus AGGREGATES for anonymised aggregates from the data-service API. */
export type DataScope =
  | 'CHARGING_SESSIONS'
  | 'CHARGER_EVENTS'
  | 'VEHICLE_TELEMATICS'
  | 'VEHICLE_TRIPS'
  | 'PAYMENTS'
  | 'SETTLEMENTS'
  | 'REWARDS'
  | 'AGGREGATES'
  | 'UNKNOWN';

/** One investor's share of a charging asset (STO / RWA). */
export interface InvestorShare {
  /** Platform id of the investor. */
  investorId: string;
  /** EVM address receiving the revenue, 0x + 40 lower-case hex. */
  walletAddress: null | string;
  /** Share of the asset's investor pool in basis points (1/100 of a percent), 1..10000. */
  basisPoints: number;
}

/** What a party is to the platform. DRIVER: charges and pays (a driver account). FLEET: a company account paying for its drivers' tokens. CPO: charge point operator, paid the CPO split of its stations' sessions. MSP: mobility service provider issuing tokens, paid the MSP split. PLATFORM: the platform operator, paid the commission. INVESTOR: holds shares of charging assets and receives their revenue. DATA_PARTNER: receives consented data (insurer, carbon registry, research). */
export type ParticipantRole = 'DRIVER' | 'FLEET' | 'CPO' | 'MSP' | 'PLATFORM' | 'INVESTOR' | 'DATA_PARTNER' | 'UNKNOWN';

/** A participant of the platform (driver account, fleet, CPO, MSP, the platform, investor, data partner) with its roles and wallet: who is paid which split, whom a reward is minted to, whose balance a prepaid session locks. The latest record per partyId is the party. */
export interface Party {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: the id of the registry change (an idempotency key of the request makes a retried request the same id). */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the party's state was set; the latest wins. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the request (API, CLI, demo registration) that changed the party. */
  causationId: string;
  /** Platform id of the party, e.g. `driver-0001`, `cpo-nl-vzp`, `platform`. The key; what Station.ownerId, AuthorizationToken.accountId, InvestorShare.investorId and settlement splits name. */
  partyId: string;
  /** What the party is; one party may have several roles (a CPO that is also an MSP). */
  roles: Array<ParticipantRole>;
  /** Display name. */
  name: null | string;
  /** EVM address the party is paid to and, for a prepaid account, whose ChargingToken balance is locked; 0x + 40 lower-case hex. Null: the party is settled off chain. */
  walletAddress: null | string;
  /** For accounts that pay for charging (DRIVER, FLEET): prepaid or postpaid. Null for parties that do not pay for charging. */
  paymentMode: null | PaymentMode;
  /** The account that pays for this party's charging when not itself, e.g. a driver's fleet. */
  payerPartyId: null | string;
  /** The party's OCPI identity (country_code, party_id) when it is a CPO or MSP. */
  ocpiParty: null | OcpiParty;
  /** ISO 3166-1 alpha-3 country of the party's seat. */
  country: null | string;
  /** True when the party was removed; the record stays as its last state. */
  deleted: boolean;
}

/** How an account pays for charging. PREPAID: from its ChargingToken balance; a session starts only once its escrow lock is on chain (Share&Charge pre-payment). POSTPAID: invoiced after the session; no lock. */
export type PaymentMode = 'PREPAID' | 'POSTPAID' | 'UNKNOWN';

/** A charging location and its EVSEs. OCPI 2.2.1 Location object (section 8.3.1) shape, joined to OCPP identities. Latest state per stationId on a compacted topic; mirrored to the on-chain station registry. */
export interface Station {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: derived from the registry API request id, or `<chainId>:<txHash>:<logIndex>` when mirrored from the station registry contract. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the change took effect (request time or block time). Also the version: per key, the record with the greatest occurredAt is the current state. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the registry API request id, the OCPI X-Request-ID for roaming partners' entries, or `<chainId>:<txHash>:<logIndex>` when mirrored from the chain. */
  causationId: string;
  /** Platform station id; for roaming partners' locations `<country_code>*<party_id>*<Location.id>`. The key. */
  stationId: string;
  /** CPO operating the station (OCPI Location country_code and party_id). */
  operator: null | OcpiParty;
  /** Platform party owning the station (CPO, or a private owner sharing a home charger). */
  ownerId: null | string;
  /** registry.assets ChargingAsset that finances this station, if any. */
  assetId: null | string;
  /** Display name (OCPI Location.name). */
  name: null | string;
  /** Street and number (OCPI Location.address). */
  address: string;
  /** City (OCPI Location.city). */
  city: string;
  /** Postal code (OCPI Location.postal_code). */
  postalCode: null | string;
  /** ISO 3166-1 alpha-3 country code, as OCPI Location.country. */
  country: string;
  /** Coordinates (OCPI Location.coordinates, converted to microdegrees). */
  location: GeoPoint;
  /** IANA time zone, e.g. `Europe/Amsterdam` (OCPI Location.time_zone). */
  timeZone: null | string;
  /** EVSEs at this location. */
  evses: Array<StationEvse>;
  /** OCPI Location.publish: may be shown publicly and sent to roaming partners. */
  publish: boolean;
  /** Logical delete. Producers never write Kafka tombstones, so the last state of a removed entity stays on the compacted topic. */
  deleted: boolean;
}

/** One connector of an EVSE. OCPI 2.2.1 Connector object (section 8.3.3) plus its OCPP address. */
export interface StationConnector {
  /** OCPP connectorId: within the EVSE for 2.0.1, the charge point's connectorId for 1.6J. */
  connectorId: number;
  /** OCPI Connector.id, when published to roaming partners. */
  ocpiConnectorId: null | string;
  /** OCPI ConnectorType verbatim, e.g. IEC_62196_T2, IEC_62196_T2_COMBO, CHADEMO, DOMESTIC_F. */
  standard: string;
  /** OCPI ConnectorFormat verbatim: SOCKET or CABLE. */
  format: string;
  /** OCPI PowerType verbatim: AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC. */
  powerType: string;
  /** OCPI max_voltage, volts. */
  maxVoltageV: number;
  /** OCPI max_amperage, amperes. */
  maxAmperageA: number;
  /** OCPI max_electric_power, watts; null = voltage x amperage x phases. */
  maxElectricPowerW: null | number;
  /** registry.tariffs tariffIds that apply (OCPI tariff_ids). */
  tariffIds: Array<string>;
}

/** One EVSE of a station: what OCPI 2.2.1 calls an EVSE (section 8.3.2), tied to the OCPP charger and EVSE that control it. For OCPP 1.6J each connector is its own EVSE (evseId null, one connector). */
export interface StationEvse {
  /** Unique within the station; OCPI EVSE.uid. */
  evseUid: string;
  /** eMI3 EVSE id, e.g. `NL*TNM*E12345678` (OCPI EVSE.evse_id). */
  ocpiEvseId: null | string;
  /** OCPP identity of the charger that controls this EVSE; the key of charger.* topics. */
  chargerId: string;
  /** OCPP 2.0.1 evseId on that charger; null for 1.6J. */
  evseId: null | number;
  /** Connectors of this EVSE. */
  connectors: Array<StationConnector>;
  /** Where the charger's energy register rolls over back to 0, Wh (e.g. 999999999 for a 9-digit register); null when unknown. Lets the sessions stage count energy across a wrap. */
  meterRegisterMaxWh: null | number;
}

/** A price list, versioned: each record is a version of its tariffId from validFromAt on, and a session is priced with the version in force at its start (the latest version whose validFromAt, else occurredAt, is at or before the start). Cost (the one place this rounding is specified): each line is quantity x priceMinor / unit, rounded half up to an integer minor unit (see vz.billing.SettlementLine); the sum of the lines excluding VAT is clamped to [minPrice, maxPrice] by an adjustment line; VAT is computed per line and added. With `elements`, OCPI 2.2.1's rule (section 11.3.1) picks, for every stretch of the session, per dimension the first element whose restrictions hold then (see TariffRestrictions): the session is cut wherever a restriction can change (end of charging, the station's wall clock passing an element's start or end time or midnight or jumping at a daylight saving change, energy so far or session time reaching a limit), and each dimension gets one line per element that priced some of it, in order of first use: TIME over the charging time, PARKING_TIME over the time connected after charging, FLAT once by the element of the first stretch in which one applies. Energy is known only in total (no meter values per period), so it is taken to flow evenly over the charging time: the ENERGY lines share the session's Wh by their charging time, largest remainder first, so they add up to energyWh exactly. Without `elements`, `components` apply unrestricted, one line per dimension. */
export interface Tariff {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: derived from the registry API request id (or the OCPI request for roaming partners' entries). */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: when the change took effect (request time or block time). Also the version: per key, the record with the greatest occurredAt is the current state. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the registry API request id, or the OCPI X-Request-ID for roaming partners' entries. */
  causationId: string;
  /** Platform tariff id; for roaming partners' tariffs `<country_code>*<party_id>*<Tariff.id>`. The key. */
  tariffId: string;
  /** CPO owning the tariff (OCPI Tariff country_code and party_id). */
  party: null | OcpiParty;
  /** ISO 4217 currency of every price in this tariff (OCPI Tariff.currency). */
  currency: string;
  /** Price components applied unrestricted (at most one per type); used when `elements` is empty. */
  components: Array<TariffComponent>;
  /** OCPI tariff elements with restrictions, in priority order; when present, `components` is ignored. */
  elements: Array<TariffElement>;
  /** VAT rate of the tariff in basis points (1900 = 19 %), for components that state none and for the min/max price adjustment; null = 0. */
  vatBasisPoints: null | number;
  /** Minimum cost of a session (OCPI min_price, excl. VAT). */
  minPrice: null | Money;
  /** Maximum cost of a session (OCPI max_price, excl. VAT). */
  maxPrice: null | Money;
  /** OCPI start_date_time, epoch ms; null = already valid. */
  validFromAt: null | number;
  /** OCPI end_date_time, epoch ms (exclusive); null = open-ended. */
  validUntilAt: null | number;
  /** Human-readable summary for drivers (OCPI tariff_alt_text, one language). */
  displayText: null | string;
  /** Logical delete. Producers never write Kafka tombstones, so the last state of a removed entity stays on the compacted topic. */
  deleted: boolean;
}

/** One price component of a tariff (OCPI 2.2.1 PriceComponent, section 11). */
export interface TariffComponent {
  /** What is charged for. */
  type: TariffComponentType;
  /** Price excluding VAT in integer minor units of the tariff currency per unit of `type`: per kWh (ENERGY), per minute (TIME, PARKING_TIME), per session (FLAT). */
  priceMinor: number;
  /** VAT rate in basis points (1900 = 19 %), OCPI PriceComponent.vat; null = no VAT stated. */
  vatBasisPoints: null | number;
}

/** What a tariff component charges for. Mirrors OCPI 2.2.1 TariffDimensionType (Tariffs module, section 11): ENERGY per kWh, TIME per minute charging, PARKING_TIME per minute connected but not charging, FLAT per session. */
export type TariffComponentType = 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'FLAT' | 'UNKNOWN';

/** Price components that apply together under restrictions (OCPI 2.2.1 TariffElement, section 11.3.2). For each component type and each stretch of a session, the first element in the tariff's order whose restrictions hold then and that has a component of that type sets its price (OCPI's rule; see Tariff). */
export interface TariffElement {
  /** Price components of this element (at most one per type). */
  components: Array<TariffComponent>;
  /** When this element applies; null = always. */
  restrictions: null | TariffRestrictions;
}

/** When a tariff element applies (OCPI 2.2.1 TariffRestrictions, section 11.4.6). Every stated restriction must hold; null or empty means no restriction. As in OCPI, they say when during a session an element is active, not whether it applies to the whole session: time of day and day of week on the station's wall clock (registry.stations timeZone, UTC when unknown, daylight saving time included), energy on what was delivered so far (spread evenly over the charging time, see Tariff), duration on the session time so far; power on the session's peak power (the only power figure a session carries). */
export interface TariffRestrictions {
  /** OCPI start_time, `HH:MM` local time, inclusive. With endTimeOfDay before it, the window crosses midnight (e.g. 22:00-06:00). */
  startTimeOfDay: null | string;
  /** OCPI end_time, `HH:MM` local time, exclusive. */
  endTimeOfDay: null | string;
  /** OCPI day_of_week: MONDAY .. SUNDAY; empty = every day. */
  daysOfWeek: Array<string>;
  /** OCPI min_kwh, in Wh: active once the session has delivered this much. */
  minEnergyWh: null | number;
  /** OCPI max_kwh, in Wh: active until the session has delivered this much. */
  maxEnergyWh: null | number;
  /** OCPI max_power, in W: the session's peak power was below this (sessions without power readings match). */
  maxPowerW: null | number;
  /** OCPI min_duration, in ms: active once the session has lasted this long. */
  minDurationMs: null | number;
  /** OCPI max_duration, in ms: active until the session has lasted this long. */
  maxDurationMs: null | number;
}

/** A command to mint VZP rewards in one transaction, written by streams/rewards for connectors/chain, which mints each batch at most once (idempotent per batchId). A batch closes when it holds `batchSize` rewards or when a reward arrives more than the batch age limit (event time) after its first one. */
export interface MintBatch {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: equal to batchId. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: occurredAt of the reward that closed the batch. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of the reward that closed the batch. */
  causationId: string;
  /** `mint:<bucket>:<sequence>`: unique, the chain's idempotency key. The key. */
  batchId: string;
  /** Batching bucket (recipients are spread over buckets by a hash of their id). */
  bucket: number;
  /** The rewards to mint, in the order they were granted. */
  entries: Array<MintEntry>;
  /** Sum of the entries' amounts. */
  totalAmount: number;
  /** Decimals of the VZP token; always 6. */
  decimals: number;
}

/** One reward in a mint batch. */
export interface MintEntry {
  /** eventId of the vz.rewards.VzpReward minted. */
  rewardEventId: string;
  /** Platform account rewarded. */
  recipientId: string;
  /** EVM address minted to, 0x + 40 lower-case hex; null when the chain connector must resolve the account's wallet. */
  recipientAddress: null | string;
  /** Smallest VZP unit (6 decimals), positive. */
  amount: number;
}

/** Why VZP was granted: CHARGING (a settled charging session), DATA_SHARING (consented data shared), REFERRAL, PROMOTION (campaign), ADJUSTMENT (manual correction). */
export type RewardReason = 'CHARGING' | 'DATA_SHARING' | 'REFERRAL' | 'PROMOTION' | 'ADJUSTMENT' | 'UNKNOWN';

/** One step of a reward's computation, so anyone can redo it: the base from energy, a multiplier, a bonus, a cap. */
export interface RewardStep {
  /** The rule part applied: energy, off-peak, shared-private-charger, first-session, daily-cap. */
  name: string;
  /** What this step added (negative for a cap), in the smallest VZP unit. */
  amount: number;
  /** The inputs and parameters of the step in words, e.g. `12345 Wh x 1000000 units/kWh`. */
  detail: string;
}

/** VZP reward tokens granted to a recipient, derived by streams/rewards (from billing.settlements for CHARGING) and minted by connectors/chain exactly once per eventId. */
export interface VzpReward {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `reward:<causationId>:<recipientId>`; also the mint's idempotency key on chain. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: occurredAt of the cause (for CHARGING, the Settlement). */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the eventId of the cause: the Settlement for CHARGING, the request id for manual grants. */
  causationId: string;
  /** Platform account receiving the reward. The key, so a recipient's rewards stay in order. */
  recipientId: string;
  /** EVM address minted to, 0x + 40 lower-case hex. */
  recipientAddress: null | string;
  /** Amount in the smallest VZP unit: 1 VZP = 10^decimals units (decimals = 6, so 1 unit = 0.000001 VZP and a long holds up to about 9.2 x 10^12 VZP). Positive. */
  amount: number;
  /** Decimals of the VZP token, carried so readers never guess; always 6. */
  decimals: number;
  /** Why. */
  reason: RewardReason;
  /** The charging session, for CHARGING. */
  sessionId: null | string;
  /** Energy the reward was computed from, Wh. */
  energyWh: null | number;
  /** Id and version of the reward rule applied, so a new rule never silently changes history. */
  ruleId: null | string;
  /** How the amount was computed, step by step (sums to amount); empty for grants without a rule. */
  steps: Array<RewardStep>;
}

/** OCPI 2.2.1 CdrToken (section 13.4.3 / 9.4.3): who charged, as the eMSP identifies them. Shared by roaming sessions and CDRs. */
export interface CdrToken {
  /** OCPI CdrToken.uid: the token (RFID uid, app user id) used. */
  uid: string;
  /** OCPI CdrToken.type verbatim: AD_HOC_USER, APP_USER, OTHER, RFID. */
  type: string;
  /** OCPI CdrToken.contract_id: the eMSP contract (eMA id) billed. */
  contractId: string;
}

/** Where the charging happened in OCPI terms (OCPI 2.2.1 Location / EVSE / Connector ids). Shared by roaming sessions and CDRs. */
export interface EvseReference {
  /** OCPI location_id (Location.id of the CPO). */
  locationId: string;
  /** OCPI evse_uid (EVSE.uid). */
  evseUid: string;
  /** OCPI connector_id (Connector.id, a string in OCPI). */
  connectorId: string;
}

/** A charge detail record exchanged over OCPI 2.2.1 (CDRs module, CDR object section 10.3.1): the final, billable account of a roaming session. CDRs are immutable in OCPI; a correction is a new CDR with credit = true. */
export interface RoamingCdr {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: equal to `cdr:<cdrId>`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: OCPI CDR.last_updated. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the OCPI request's X-Request-ID (OCPI 2.2.1 section 4, Transport and format), the edge request. */
  causationId: string;
  /** `<country_code>*<party_id>*<id>` of the CPO (OCPI CDR.id is unique only within its CPO). The key. */
  cdrId: string;
  /** CPO that issued the CDR (OCPI CDR.country_code, party_id). */
  cpo: OcpiParty;
  /** eMSP the CDR is for, from the credentials of the connection. */
  msp: null | OcpiParty;
  /** OCPI CDR.id verbatim. */
  ocpiCdrId: string;
  /** The RoamingSession.sessionId (`<country_code>*<party_id>*<session_id>`), when OCPI session_id is given. */
  sessionId: null | string;
  /** OCPI start_date_time, epoch ms. */
  startedAt: number;
  /** OCPI end_date_time, epoch ms. */
  endedAt: number;
  /** OCPI cdr_token: the token used. */
  token: CdrToken;
  /** OCPI AuthMethod verbatim: AUTH_REQUEST, COMMAND, WHITELIST. */
  authMethod: string;
  /** OCPI authorization_reference given by the eMSP. */
  authorizationReference: null | string;
  /** OCPI location_id, evse_uid and connector_id. */
  evse: EvseReference;
  /** OCPI meter_id. */
  meterId: null | string;
  /** OCPI currency, ISO 4217. */
  currency: string;
  /** registry.tariffs tariffIds of the OCPI tariffs used (`<country_code>*<party_id>*<Tariff.id>`). */
  tariffIds: Array<string>;
  /** OCPI total_energy (kWh) x 1000, rounded half up. */
  totalEnergyWh: number;
  /** OCPI total_time (hours) in ms, rounded half up. */
  totalTimeMs: number;
  /** OCPI total_parking_time (hours) in ms, rounded half up. */
  totalParkingTimeMs: null | number;
  /** OCPI total_cost.excl_vat in minor units. Negative when credit is true. */
  totalCost: Money;
  /** OCPI total_cost.incl_vat in minor units. */
  totalCostInclVat: null | Money;
  /** OCPI total_energy_cost.excl_vat. */
  totalEnergyCost: null | Money;
  /** OCPI total_time_cost.excl_vat. */
  totalTimeCost: null | Money;
  /** OCPI total_parking_cost.excl_vat. */
  totalParkingCost: null | Money;
  /** OCPI total_fixed_cost.excl_vat. */
  totalFixedCost: null | Money;
  /** OCPI credit: this CDR credits (reverses) an earlier one. */
  credit: boolean;
  /** OCPI credit_reference_id: the CDR being credited. */
  creditReferenceId: null | string;
  /** OCPI remark. */
  remark: null | string;
}

/** A charging session at or for a roaming partner, as exchanged over OCPI 2.2.1 (Sessions module, Session object section 9.3.1): one record per PUT/PATCH received or sent, carrying the full merged object. */
export interface RoamingSession {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<sessionId>:<occurredAt>`: one record per Session version. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: OCPI Session.last_updated. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the OCPI request's X-Request-ID (OCPI 2.2.1 section 4, Transport and format), the edge request. */
  causationId: string;
  /** `<country_code>*<party_id>*<id>` of the CPO: OCPI Session.id is unique only within its CPO. The key. */
  sessionId: string;
  /** CPO owning the session (OCPI Session.country_code, party_id). */
  cpo: OcpiParty;
  /** eMSP the session is for, from the credentials of the connection. */
  msp: null | OcpiParty;
  /** OCPI Session.id verbatim. */
  ocpiSessionId: string;
  /** OCPI start_date_time, epoch ms. */
  startedAt: number;
  /** OCPI end_date_time, epoch ms; null while running. */
  endedAt: null | number;
  /** OCPI kwh x 1000, rounded half up to whole Wh. */
  energyWh: number;
  /** OCPI cdr_token: the token used. */
  token: CdrToken;
  /** OCPI AuthMethod verbatim: AUTH_REQUEST, COMMAND, WHITELIST. */
  authMethod: string;
  /** OCPI authorization_reference given by the eMSP. */
  authorizationReference: null | string;
  /** OCPI location_id, evse_uid and connector_id. */
  evse: EvseReference;
  /** OCPI meter_id. */
  meterId: null | string;
  /** OCPI currency, ISO 4217. */
  currency: string;
  /** OCPI total_cost.excl_vat in minor units; null when not given (not the same as free). */
  totalCost: null | Money;
  /** OCPI total_cost.incl_vat in minor units. */
  totalCostInclVat: null | Money;
  /** OCPI Session.status. */
  status: SessionStatus;
}

/** One telematics reading of a vehicle, pushed by a fleet management system or an OEM API through connectors/telematics. Every measurement is optional: sources report different subsets. */
export interface TelematicsSample {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<causationId>:<n>`, n the 0-based index of the sample within the ingestion request. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: the sample time the vehicle or its provider reported. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: for a record entering at the edge: the id of the ingestion HTTP request. */
  causationId: string;
  /** Platform vehicle id (fleets map their own ids or the VIN to it at ingestion). The key. */
  vehicleId: string;
  /** Fleet the vehicle belongs to, when it belongs to one. */
  fleetId: null | string;
  /** Source system, e.g. the OEM API or FMS name. */
  provider: null | string;
  /** GPS position. */
  position: null | GeoPoint;
  /** Course over ground, whole degrees clockwise from true north, 0..359. */
  headingDegrees: null | number;
  /** Speed in metres per hour (km/h x 1000), integer. */
  speedMetersPerHour: null | number;
  /** Odometer reading, metres. */
  odometerM: null | number;
  /** Traction battery state of charge, permille 0..1000 (percent x 10). */
  stateOfChargePermille: null | number;
  /** Usable energy left in the traction battery, Wh. */
  batteryEnergyWh: null | number;
  /** Whether the vehicle reports it is charging. */
  charging: null | boolean;
  /** Whether the ignition / drive-ready state is on. */
  ignitionOn: null | boolean;
  /** When connectors/telematics received the request, epoch ms (edge clock). */
  receivedAt: number;
}

/** A completed trip of a vehicle, reported by a fleet system or derived from telematics samples. Feeds fleet reporting, insurance and carbon-offset partners (with consent). */
export interface Trip {
  /** Deterministic id of this event; derived events compute it from their inputs, so a replay gives the same id. Here: `<vehicleId>:<tripId>`. */
  eventId: string;
  /** When it happened, epoch milliseconds UTC, taken from the input, never from a processor's clock. Here: equal to endedAt. */
  occurredAt: number;
  /** What caused this event: the eventId of the record it was derived from or, for a record entering at an edge, the id of the edge frame or request. Here: the ingestion request id when reported by a fleet system; the eventId of the last TelematicsSample of the trip when derived. */
  causationId: string;
  /** Platform vehicle id. The key. */
  vehicleId: string;
  /** Unique per vehicle: the provider's trip id, or the startedAt in epoch ms as decimal when derived. */
  tripId: string;
  /** Fleet the vehicle belongs to. */
  fleetId: null | string;
  /** Driver, when the source identifies one. */
  driverId: null | string;
  /** Trip start, epoch ms. */
  startedAt: number;
  /** Trip end, epoch ms. */
  endedAt: number;
  /** Distance driven, metres (odometer difference when both readings exist). */
  distanceM: number;
  /** Where the trip started. */
  startPosition: null | GeoPoint;
  /** Where the trip ended. */
  endPosition: null | GeoPoint;
  /** Odometer at start, metres. */
  startOdometerM: null | number;
  /** Odometer at end, metres. */
  endOdometerM: null | number;
  /** Traction energy used, Wh (battery energy difference, or the provider's figure). */
  energyUsedWh: null | number;
  /** State of charge at start, permille 0..1000. */
  startStateOfChargePermille: null | number;
  /** State of charge at end, permille 0..1000. */
  endStateOfChargePermille: null | number;
}

/** Every named type by its Avro full name, for typing values by the schema name the catalog gives. */
export interface AvroTypes {
  'vz.billing.AssetRevenue': AssetRevenue;
  'vz.billing.PartyRole': PartyRole;
  'vz.billing.Settlement': Settlement;
  'vz.billing.SettlementFlag': SettlementFlag;
  'vz.billing.SettlementLine': SettlementLine;
  'vz.billing.SettlementLineKind': SettlementLineKind;
  'vz.billing.SettlementReview': SettlementReview;
  'vz.billing.SettlementReviewDecision': SettlementReviewDecision;
  'vz.billing.SettlementSplit': SettlementSplit;
  'vz.chain.ChainCommandKind': ChainCommandKind;
  'vz.chain.ChainTransaction': ChainTransaction;
  'vz.chain.ChainTxStatus': ChainTxStatus;
  'vz.charger.AuthorizationDecided': AuthorizationDecided;
  'vz.charger.AuthorizationRequested': AuthorizationRequested;
  'vz.charger.AuthorizationStatus': AuthorizationStatus;
  'vz.charger.BootNotified': BootNotified;
  'vz.charger.ChangeAvailabilityCommand': ChangeAvailabilityCommand;
  'vz.charger.ChangeConfigurationCommand': ChangeConfigurationCommand;
  'vz.charger.ChargerCommand': ChargerCommand;
  'vz.charger.ChargerCommandResult': ChargerCommandResult;
  'vz.charger.ChargerEvent': ChargerEvent;
  'vz.charger.ChargingRateUnit': ChargingRateUnit;
  'vz.charger.ChargingSchedulePeriod': ChargingSchedulePeriod;
  'vz.charger.CommandOutcome': CommandOutcome;
  'vz.charger.ConnectorStatus': ConnectorStatus;
  'vz.charger.DataTransferReceived': DataTransferReceived;
  'vz.charger.DiagnosticsStatusChanged': DiagnosticsStatusChanged;
  'vz.charger.FaultReported': FaultReported;
  'vz.charger.FirmwareStatusChanged': FirmwareStatusChanged;
  'vz.charger.FrameDirection': FrameDirection;
  'vz.charger.FrameProtocol': FrameProtocol;
  'vz.charger.HeartbeatReceived': HeartbeatReceived;
  'vz.charger.Measurand': Measurand;
  'vz.charger.MeasurandUnit': MeasurandUnit;
  'vz.charger.MeterSampled': MeterSampled;
  'vz.charger.RawFrame': RawFrame;
  'vz.charger.RemoteStartCommand': RemoteStartCommand;
  'vz.charger.RemoteStopCommand': RemoteStopCommand;
  'vz.charger.ResetCommand': ResetCommand;
  'vz.charger.ResetType': ResetType;
  'vz.charger.SampledValue': SampledValue;
  'vz.charger.SecurityEventReported': SecurityEventReported;
  'vz.charger.SetChargingProfileCommand': SetChargingProfileCommand;
  'vz.charger.StatusChanged': StatusChanged;
  'vz.charger.StopReason': StopReason;
  'vz.charger.SwitchPlugCommand': SwitchPlugCommand;
  'vz.charger.TransactionEnded': TransactionEnded;
  'vz.charger.TransactionStarted': TransactionStarted;
  'vz.charger.TriggerMessageCommand': TriggerMessageCommand;
  'vz.charger.UnlockConnectorCommand': UnlockConnectorCommand;
  'vz.charger.VariableEventReported': VariableEventReported;
  'vz.charging.ChargingSession': ChargingSession;
  'vz.charging.SessionFlag': SessionFlag;
  'vz.common.GeoPoint': GeoPoint;
  'vz.common.Money': Money;
  'vz.common.OcpiParty': OcpiParty;
  'vz.common.SessionStatus': SessionStatus;
  'vz.ledger.AnchorBatch': AnchorBatch;
  'vz.ledger.AnchorLeaf': AnchorLeaf;
  'vz.ledger.AnchorLeafChunk': AnchorLeafChunk;
  'vz.ledger.AnchorRange': AnchorRange;
  'vz.payment.EscrowLocked': EscrowLocked;
  'vz.payment.EscrowLockOrder': EscrowLockOrder;
  'vz.payment.EscrowRefunded': EscrowRefunded;
  'vz.payment.EscrowRefundOrder': EscrowRefundOrder;
  'vz.payment.EscrowSettled': EscrowSettled;
  'vz.payment.PaymentCommand': PaymentCommand;
  'vz.payment.PaymentEvent': PaymentEvent;
  'vz.payment.TopUp': TopUp;
  'vz.payment.TopUpOrder': TopUpOrder;
  'vz.platform.DeadLetter': DeadLetter;
  'vz.platform.DeadLetterHeader': DeadLetterHeader;
  'vz.platform.DeadLetterStage': DeadLetterStage;
  'vz.registry.AuthorizationToken': AuthorizationToken;
  'vz.registry.ChargingAsset': ChargingAsset;
  'vz.registry.Consent': Consent;
  'vz.registry.DataScope': DataScope;
  'vz.registry.InvestorShare': InvestorShare;
  'vz.registry.ParticipantRole': ParticipantRole;
  'vz.registry.Party': Party;
  'vz.registry.PaymentMode': PaymentMode;
  'vz.registry.Station': Station;
  'vz.registry.StationConnector': StationConnector;
  'vz.registry.StationEvse': StationEvse;
  'vz.registry.Tariff': Tariff;
  'vz.registry.TariffComponent': TariffComponent;
  'vz.registry.TariffComponentType': TariffComponentType;
  'vz.registry.TariffElement': TariffElement;
  'vz.registry.TariffRestrictions': TariffRestrictions;
  'vz.rewards.MintBatch': MintBatch;
  'vz.rewards.MintEntry': MintEntry;
  'vz.rewards.RewardReason': RewardReason;
  'vz.rewards.RewardStep': RewardStep;
  'vz.rewards.VzpReward': VzpReward;
  'vz.roaming.CdrToken': CdrToken;
  'vz.roaming.EvseReference': EvseReference;
  'vz.roaming.RoamingCdr': RoamingCdr;
  'vz.roaming.RoamingSession': RoamingSession;
  'vz.vehicle.TelematicsSample': TelematicsSample;
  'vz.vehicle.Trip': Trip;
}
