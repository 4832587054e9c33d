import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet } from 'ethers';
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
    await sleep(4_000);
    expect(connector?.child.exitCode).toBeNull();
    nodeDown = false;
    const transactions = await readValues(fixture, fixture.topics.transactions, 1, { settleMs: 2_000 });
    expect(transactions.map((t) => [t.naturalKey, t.status])).toEqual([['mint:1:1', 'CONFIRMED']]);
    const log = await readFile(connector?.logFile ?? '', 'utf8');
    expect(log).toMatch(/retriable failure; retrying/);
    expect(log).not.toMatch(/dead letter/i);
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
});
