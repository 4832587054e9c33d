import { parseArgs } from 'node:util';
import { HDNodeWallet, keccak256, toUtf8Bytes } from 'ethers';

/** The benchmark's flags (see main.ts) as numbers. */
export interface MoneyPathSettings {
  settlementCount: number;
  sessionCount: number;
  sessionsPerSecond: number;
  sessionMs: number;
  readings: number;
  driverCount: number;
  chargerCount: number;
  confirmations: number;
  pollIntervalMs: number;
  keepTopics: boolean;
}

export function moneyPathSettings(): MoneyPathSettings {
  const { values: flags } = parseArgs({
    options: {
      settlements: { type: 'string', default: '500' },
      sessions: { type: 'string', default: '200' },
      'sessions-per-second': { type: 'string', default: '2' },
      'session-ms': { type: 'string', default: '1000' },
      readings: { type: 'string', default: '3' },
      drivers: { type: 'string', default: '8' },
      chargers: { type: 'string', default: '10' },
      confirmations: { type: 'string', default: '2' },
      'poll-interval-ms': { type: 'string', default: '1000' },
      'keep-topics': { type: 'boolean', default: false },
    },
  });
  return {
    settlementCount: Number(flags.settlements),
    sessionCount: Number(flags.sessions),
    sessionsPerSecond: Number(flags['sessions-per-second']),
    sessionMs: Number(flags['session-ms']),
    readings: Number(flags.readings),
    driverCount: Number(flags.drivers),
    chargerCount: Number(flags.chargers),
    confirmations: Number(flags.confirmations),
    pollIntervalMs: Number(flags['poll-interval-ms']),
    keepTopics: flags['keep-topics'],
  };
}

export const lockAmountMinor = 2_000;
/** What a settlement of the throughput phase charges of its 2,000 lock (as connectors/chain's sample settlement). */
export const chargedMinor = 1_368;

// anvil's development accounts (the public test mnemonic): 0 deploys, 1 is the operator, 2–6 are paid by settlements,
// the drivers follow.
const anvilMnemonic = 'test test test test test test test test test test test junk';
export const anvilKey = (index: number) =>
  HDNodeWallet.fromPhrase(anvilMnemonic, undefined, `m/44'/60'/0'/0/${index}`).privateKey;
export const payeeAccounts = { cpo: 2, msp: 3, platform: 4, investor1: 5, investor2: 6 } as const;
export const firstDriverAccount = 7;

export const driverId = (d: number) => `driver-${String(d).padStart(3, '0')}`;
export const driverTag = (d: number) => `TAG-MONEY-${String(d).padStart(3, '0')}`;
export const chargerId = (c: number) => `CP-MONEY-${String(c).padStart(3, '0')}`;
/** An escrow id of this run (its topic prefix makes it unique on the anvil). */
export const escrowIdOf = (prefix: string, name: string) => keccak256(toUtf8Bytes(`${prefix}${name}`));
