import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet } from 'ethers';
import { mintBatchIdOf } from '../../src/encoding.ts';
import { mintEntry, sampleMintBatch } from '../samples.ts';
import {
  type ChainFixture,
  chainFixture,
  type ConnectorProcess,
  produce,
  readValues,
  startConnector,
} from './harness.ts';

// Retriable failures are retried, never reported: the node unreachable for a while, and a nonce race lost to a
// transaction the operator key sent elsewhere. The connector reaches the chain through a proxy the test can cut.

let fixture: ChainFixture;
let connector: ConnectorProcess | undefined;
let proxy: Server;
let proxyUrl: string;
let nodeDown = false;
/** Forward the next eth_sendRawTransaction to the node, but cut the connection instead of answering. */
let loseNextSendAnswer = false;

beforeAll(async () => {
  fixture = await chainFixture(import.meta.filename);
  proxy = createServer((request, response) => {
    if (nodeDown) {
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      fetch(fixture.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
        .then(async (answer) => {
          if (loseNextSendAnswer && Buffer.concat(chunks).toString().includes('eth_sendRawTransaction')) {
            loseNextSendAnswer = false;
            request.socket.destroy();
            return;
          }
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(await answer.text());
        })
        .catch(() => request.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  connector = startConnector(fixture, 'executor-retries', {
    VZ_CHAIN_LISTENER_ENABLED: 'false',
    VZ_CHAIN_RPC_URL: proxyUrl,
    VZ_CHAIN_RECEIPT_TIMEOUT_MS: '1000',
  });
});

afterAll(async () => {
  await connector?.kill('SIGKILL');
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await fixture.close();
});

const recipient = `0x${'7e'.repeat(20)}`;
const mint = (batchId: string) => ({ key: batchId, value: sampleMintBatch(batchId, [mintEntry(recipient, 10)]) });

describe('the chain executor under retriable failures', () => {
  it('waits while the node is unreachable and executes the command once it is back', async () => {
    nodeDown = true;
    await produce(fixture, fixture.topics.mintBatches, [mint('mint:1:1')]);
    // The node stays down until the executor has met it down and retried (on a loaded machine the connector may
    // still be joining its group a few seconds after the command was written), and a little longer.
    const deadline = Date.now() + 90_000;
    while (!/retriable failure; retrying/.test(await readFile(connector?.logFile ?? '', 'utf8'))) {
      if (Date.now() > deadline) throw new Error('the executor never tried the unreachable node within 90 s');
      await sleep(250);
    }
    await sleep(2_000);
    expect(connector?.child.exitCode).toBeNull();
    nodeDown = false;
    const transactions = await readValues(fixture, fixture.topics.transactions, 1, { settleMs: 2_000 });
    expect(transactions.map((t) => [t.naturalKey, t.status])).toEqual([['mint:1:1', 'CONFIRMED']]);
    expect(await readFile(connector?.logFile ?? '', 'utf8')).not.toMatch(/dead letter/i);
  });

  it('resets its nonces after losing a race to a transaction the operator key sent elsewhere', async () => {
    const operator = new Wallet(fixture.operatorKey, fixture.provider);
    await (await operator.sendTransaction({ to: operator.address, value: 1n })).wait();
    await produce(fixture, fixture.topics.mintBatches, [mint('mint:1:2')]);
    const transactions = await readValues(fixture, fixture.topics.transactions, 2, { settleMs: 2_000 });
    expect(transactions.map((t) => [t.naturalKey, t.status]).sort()).toEqual([
      ['mint:1:1', 'CONFIRMED'],
      ['mint:1:2', 'CONFIRMED'],
    ]);
    expect(await fixture.contracts.vzpToken.balanceOf(recipient)).toBe(20n);
    expect(await readFile(connector?.logFile ?? '', 'utf8')).toMatch(/nonce race lost; nonces reset/);
  });

  it('reports a send whose answer was lost as ALREADY_DONE with the transaction the node did receive', async () => {
    loseNextSendAnswer = true;
    await produce(fixture, fixture.topics.mintBatches, [mint('mint:1:3')]);
    const transactions = await readValues(fixture, fixture.topics.transactions, 3, { settleMs: 2_000 });
    const [outcome] = transactions.filter((t) => t.naturalKey === 'mint:1:3');
    const [minted] = await fixture.contracts.vzpToken.queryFilter(
      fixture.contracts.vzpToken.filters.BatchMinted(mintBatchIdOf('mint:1:3')),
    );
    expect(outcome).toMatchObject({ status: 'ALREADY_DONE', txHash: minted?.transactionHash });
    expect(loseNextSendAnswer).toBe(false);
  });

  it('waits again for its pending transaction after a receipt timeout instead of sending another', async () => {
    await fixture.provider.send('evm_setAutomine', [false]);
    try {
      await produce(fixture, fixture.topics.mintBatches, [mint('mint:1:4')]);
      await sleep(4_000); // sent, not mined; the receipt wait times out after 1 s and the command is retried
      expect(await fixture.provider.send('txpool_content', [])).toMatchObject({ pending: expect.any(Object) });
      await fixture.provider.send('anvil_mine', ['0x1']);
    } finally {
      await fixture.provider.send('evm_setAutomine', [true]);
    }
    const transactions = await readValues(fixture, fixture.topics.transactions, 4, { settleMs: 2_000 });
    const outcomes = transactions.filter((t) => t.naturalKey === 'mint:1:4');
    const [minted] = await fixture.contracts.vzpToken.queryFilter(
      fixture.contracts.vzpToken.filters.BatchMinted(mintBatchIdOf('mint:1:4')),
    );
    expect(outcomes).toEqual([expect.objectContaining({ status: 'CONFIRMED', txHash: minted?.transactionHash })]);
    expect(await fixture.contracts.vzpToken.balanceOf(recipient)).toBe(40n);
    const log = await readFile(connector?.logFile ?? '', 'utf8');
    expect(log.split('\n').filter((line) => line.includes('"key":"mint:1:4","msg":"transaction sent"'))).toHaveLength(
      1,
    );
    expect(log).toMatch(/waiting again for the transaction sent before/);
  });
});
