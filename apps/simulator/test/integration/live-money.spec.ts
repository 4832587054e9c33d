import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AssetRegister__factory,
  ChargingToken__factory,
  type ContractAddresses,
  Escrow__factory,
  readContractAddresses,
  VzpToken__factory,
} from '@vz/contracts';
import { offsetBounds, readOffsetRanges } from '@vz/kafka';
import {
  type ChainTransaction,
  type MintBatch,
  type Settlement,
  type TopicSpec,
  topics,
  type VzpReward,
} from '@vz/schemas';
import { createIsolation, type Isolation, testCodec, testKafkaConfig } from '@vz/testing';
import { JsonRpcProvider, type Log, type TransactionReceipt, ZeroAddress } from 'ethers';

// The money path of the running demo (`npm start`), fed by the platform's own means: the simulator's drivers charge
// with the demo network's tokens, prepaid sessions lock escrow at their start, settle on chain at their end with every
// party paid its split, the rest refunded, and VZP minted to the driver; ClickHouse shows each under its station, region
// and account. Nothing here writes: it reads Kafka, the chain and ClickHouse as an auditor would.

let isolation: Isolation;
let provider: JsonRpcProvider;
let addresses: ContractAddresses;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  addresses = readContractAddresses(isolation.endpoints.chain.contractsFile);
  provider = new JsonRpcProvider(isolation.endpoints.chain.rpcUrl, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
});

afterAll(async () => {
  provider?.destroy();
  await isolation?.close();
});

/** Every committed record of a platform topic, decoded. */
async function committed<Value>(spec: TopicSpec): Promise<Value[]> {
  const kafka = testKafkaConfig(isolation, 'live-money-test');
  const codec = await testCodec(isolation).bind<Value>(spec.name, spec.valueSchema);
  const bounds = (await offsetBounds(kafka, [spec.name])).get(spec.name);
  if (bounds === undefined) throw new Error(`${spec.name} does not exist`);
  const decoding: Promise<Value>[] = [];
  await readOffsetRanges(
    kafka,
    bounds.stable.map((to, partition) => ({ topic: spec.name, partition, from: bounds.earliest[partition] ?? 0n, to })),
    (message) => decoding.push(codec.decode(message.value, message)),
  );
  return Promise.all(decoding);
}

async function clickhouse(sql: string): Promise<string[][]> {
  const { url, user, password } = isolation.endpoints.clickhouse;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': password },
    body: `${sql} FORMAT TabSeparated`,
  });
  if (!response.ok) throw new Error(`ClickHouse: ${await response.text()}`);
  return (await response.text())
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** Sums what each address received in a receipt's Transfer logs of `token` (from `from`, when given). */
function transfersOf(receipt: TransactionReceipt, token: string, from?: string): Map<string, bigint> {
  const iface = ChargingToken__factory.createInterface(); // ERC-20 Transfer: the same event for VZP
  const received = new Map<string, bigint>();
  for (const log of receipt.logs as Log[]) {
    if (log.address.toLowerCase() !== token.toLowerCase()) continue;
    const parsed = iface.parseLog(log);
    if (parsed?.name !== 'Transfer') continue;
    const [sender, to, value] = parsed.args as unknown as [string, string, bigint];
    if (from !== undefined && sender.toLowerCase() !== from.toLowerCase()) continue;
    received.set(to.toLowerCase(), (received.get(to.toLowerCase()) ?? 0n) + value);
  }
  return received;
}

/** A session of the demo whose settlement was paid on chain and whose reward was minted: polled until there is one. */
async function settledAndRewarded(): Promise<{
  settlement: Settlement;
  settle: ChainTransaction;
  reward: VzpReward;
  mint: ChainTransaction;
}> {
  for (const deadline = Date.now() + 300_000; ; await sleep(5_000)) {
    const outcomes = (await committed<ChainTransaction>(topics.chainTransactions)).filter(
      (outcome) => outcome.status === 'CONFIRMED',
    );
    const settles = new Map(
      outcomes
        .filter(
          (o) => o.kind === 'SETTLE' && o.contractAddress?.toLowerCase() === addresses.contracts.Escrow.toLowerCase(),
        )
        .map((o) => [o.naturalKey, o]),
    );
    const mints = new Map(
      outcomes
        .filter(
          (o) => o.kind === 'MINT' && o.contractAddress?.toLowerCase() === addresses.contracts.VzpToken.toLowerCase(),
        )
        .map((o) => [o.naturalKey, o]),
    );
    if (settles.size > 0 && mints.size > 0) {
      const settlements = await committed<Settlement>(topics.billingSettlements);
      const rewards = new Map((await committed<VzpReward>(topics.rewardsVzp)).map((r) => [r.eventId, r]));
      for (const batch of await committed<MintBatch>(topics.rewardsMintBatches)) {
        const mint = mints.get(batch.batchId);
        if (mint === undefined) continue;
        for (const entry of batch.entries) {
          const reward = rewards.get(entry.rewardEventId);
          const settlement = settlements.find(
            (s) => s.revision === 0 && s.sessionId === reward?.sessionId && s.escrowId !== null,
          );
          const settle = settlement?.escrowId == null ? undefined : settles.get(settlement.escrowId.toLowerCase());
          if (reward !== undefined && settlement !== undefined && settle !== undefined)
            return { settlement, settle, reward, mint };
        }
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`after 300 s: ${settles.size} SETTLE and ${mints.size} MINT confirmed, none of the same session`);
    }
  }
}

describe('the demo money path, live', () => {
  it('settles a prepaid session on chain: each party paid its split, the asset its investors’ share, the driver the rest and VZP', async () => {
    const { settlement, settle, reward, mint } = await settledAndRewarded();
    const { contracts } = addresses;
    const receipt = await provider.getTransactionReceipt(settle.txHash ?? '');
    if (receipt === null) throw new Error(`no receipt for ${settle.txHash}`);
    const paid = transfersOf(receipt, contracts.ChargingToken, contracts.Escrow);

    // Every non-investor split to its party's wallet, to the unit; the investors' total to the asset register.
    const expected = new Map<string, bigint>();
    const add = (address: string, amount: bigint) =>
      expected.set(address.toLowerCase(), (expected.get(address.toLowerCase()) ?? 0n) + amount);
    let investors = 0n;
    for (const split of settlement.splits) {
      if (split.amount.amountMinor === 0) continue;
      if (split.role === 'INVESTOR') investors += BigInt(split.amount.amountMinor);
      else add(split.walletAddress ?? 'no wallet', BigInt(split.amount.amountMinor));
    }
    if (investors > 0n) add(contracts.AssetRegister, investors);
    const escrow = Escrow__factory.createInterface();
    const settled = receipt.logs.map((log) => escrow.parseLog(log)).find((parsed) => parsed?.name === 'Settled');
    const driver = String(settled?.args['driver']).toLowerCase();
    const refund = BigInt(settlement.escrowRefund?.amountMinor ?? 0);
    if (refund > 0n) add(driver, refund);
    expect(Object.fromEntries(paid)).toEqual(Object.fromEntries([...expected].map(([a, v]) => [a, v])));
    expect({
      cost: settled?.args['cost'],
      refunded: settled?.args['refunded'],
      assetRevenue: settled?.args['assetRevenue'],
    }).toEqual({ cost: BigInt(settlement.charged?.amountMinor ?? -1), refunded: refund, assetRevenue: investors });
    if (investors > 0n) {
      const register = AssetRegister__factory.createInterface();
      const deposited = receipt.logs
        .filter((log) => log.address.toLowerCase() === contracts.AssetRegister.toLowerCase())
        .map((log) => register.parseLog(log))
        .find((parsed) => parsed?.name === 'RevenueDeposited');
      expect(deposited?.args['amount']).toBe(investors);
    }

    // The driver's VZP, minted to the wallet of the account the session's token names.
    expect(reward.recipientId).toBe(settlement.accountId);
    expect(reward.recipientAddress).toMatch(/^0x[0-9a-f]{40}$/);
    const mintReceipt = await provider.getTransactionReceipt(mint.txHash ?? '');
    if (mintReceipt === null) throw new Error(`no receipt for ${mint.txHash}`);
    const minted = transfersOf(mintReceipt, contracts.VzpToken, ZeroAddress);
    expect(minted.get(reward.recipientAddress ?? '')).toBeGreaterThanOrEqual(BigInt(reward.amount));
    expect(
      await VzpToken__factory.connect(contracts.VzpToken, provider).balanceOf(reward.recipientAddress ?? ''),
    ).toBeGreaterThanOrEqual(BigInt(reward.amount));

    // ClickHouse: the session under its station, the station's region and the paying account.
    for (const deadline = Date.now() + 60_000; ; await sleep(2_000)) {
      const rows = await clickhouse(
        `SELECT stationId, accountId, region FROM vz.session_carbon WHERE sessionId = '${settlement.sessionId.replace(/'/g, '')}'`,
      );
      if (rows.length > 0) {
        expect(rows[0]).toEqual([settlement.stationId, settlement.accountId, 'NLD']);
        break;
      }
      if (Date.now() > deadline) throw new Error(`session ${settlement.sessionId} not in vz.session_carbon after 60 s`);
    }
  }, 420_000); // the demo's first mint batch closes a minute or two after the platform started

  it('shows SETTLE, MINT and LOCK confirmed and no command refused or reverted', async () => {
    const rows = await clickhouse(
      'SELECT kind, status, count() FROM vz.chain_transactions FINAL GROUP BY kind, status ORDER BY kind, status',
    );
    const counts = new Map(rows.map(([kind, status, count]) => [`${kind} ${status}`, Number(count)]));
    expect(counts.get('SETTLE CONFIRMED')).toBeGreaterThan(0);
    expect(counts.get('MINT CONFIRMED')).toBeGreaterThan(0);
    expect(counts.get('LOCK CONFIRMED')).toBeGreaterThan(0);
    expect(rows.filter(([, status]) => status === 'REJECTED' || status === 'REVERTED')).toEqual([]);
  });
});
