/**
 * Anchoring benchmark. Method and results: BENCHMARKS.md.
 *
 *   npm run bench:anchoring -- [--leaves 1000000] [--value-bytes 310] [--reference-leaves 20000] [--proofs 1000]
 *
 * 1. Leaves: `leaves` records of `value-bytes` each (the size of a charger event in the wire format), over 9 topics
 *    and 6 partitions; leaves hashed per second = leaves / (value hash + leaf hash + tree build time), as the anchoring
 *    worker does them when it seals a batch. Reference, same process: OpenZeppelin's StandardMerkleTree building the
 *    tree of the first `reference-leaves` of them (ratio = ours / library's leaves per second).
 * 2. Gas: an anvil of its own, an AnchorRegistry deployed, one `anchor` per batch of 1, 1,000, 1,000,000 and the
 *    benchmark's leaves; gas used from the receipts (the root is stored, the rest goes to the event, so it is flat).
 * 3. Proof: size of a leaf's proof in a batch of `leaves` (hashes and bytes, and the `vz proof` JSON), and the
 *    time to verify `proofs` random proofs off chain (OpenZeppelin's StandardMerkleTree.verify, rebuilding the leaf)
 *    and on chain (AnchorRegistry.verify through eth_call).
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { AnchorRegistry__factory } from '@vz/contracts';
import { anchorLeafEncoding, AnchorTree, leafHashOf, toHex, valueHashOf } from '@vz/stream-anchoring';
import { anvilBinary, freePort } from '@vz/testing';
import { JsonRpcProvider, keccak256, NonceManager, Wallet } from 'ethers';

const { values: flags } = parseArgs({
  options: {
    leaves: { type: 'string', default: '1000000' },
    'value-bytes': { type: 'string', default: '310' },
    'reference-leaves': { type: 'string', default: '20000' },
    proofs: { type: 'string', default: '1000' },
  },
});
const leafCount = Number(flags.leaves);
const valueBytes = Number(flags['value-bytes']);
const referenceLeaves = Math.min(Number(flags['reference-leaves']), leafCount);
const proofCount = Number(flags.proofs);

const topicNames = [
  'charger.frames.raw',
  'charger.events',
  'payment.events',
  'roaming.cdrs',
  'charging.sessions',
  'billing.settlements',
  'billing.asset-revenue',
  'rewards.vzp',
  'rewards.mint-batches',
];
const coordinatesOf = (index: number) => ({
  topic: topicNames[index % topicNames.length] as string,
  partition: index % 6,
  offset: BigInt(Math.floor(index / 54)),
});
const valueOf = (index: number) => {
  const value = Buffer.alloc(valueBytes, index % 251);
  value.writeUInt32BE(index, 0);
  return value;
};

function seconds(started: number): number {
  return (performance.now() - started) / 1000;
}

// 1. Leaves hashed per second, ours and the library's.
const values = Array.from({ length: leafCount }, (_, index) => valueOf(index));
let started = performance.now();
const leafHashes = values.map((value, index) => leafHashOf(coordinatesOf(index), valueHashOf(value)));
const hashSeconds = seconds(started);
started = performance.now();
const tree = AnchorTree.of(leafHashes);
const treeSeconds = seconds(started);
const oursPerSecond = leafCount / (hashSeconds + treeSeconds);

started = performance.now();
const referenceValues = values.slice(0, referenceLeaves).map((value, index) => {
  const { topic, partition, offset } = coordinatesOf(index);
  return [topic, partition, offset, keccak256(value)];
});
StandardMerkleTree.of(referenceValues, [...anchorLeafEncoding], { sortLeaves: false });
const libraryPerSecond = referenceLeaves / seconds(started);

// 3a. Proofs: size, and off-chain verification time.
const proofIndexes = Array.from({ length: proofCount }, (_, n) => (n * 7_919 + 13) % leafCount);
const proofs = proofIndexes.map((index) => tree.proof(index));
const sampleProof = proofs[0] ?? [];
const proofJsonBytes = Buffer.byteLength(
  JSON.stringify({
    ...coordinatesOf(proofIndexes[0] ?? 0),
    offset: String(coordinatesOf(proofIndexes[0] ?? 0).offset),
    value: (values[proofIndexes[0] ?? 0] ?? Buffer.alloc(0)).toString('base64'),
    proof: sampleProof,
    leaf: tree.leaf(proofIndexes[0] ?? 0),
    merkleRoot: tree.root,
  }),
);
started = performance.now();
let verifiedOffChain = 0;
proofIndexes.forEach((index, n) => {
  const { topic, partition, offset } = coordinatesOf(index);
  const leaf = [topic, partition, String(offset), keccak256(values[index] ?? Buffer.alloc(0))];
  if (StandardMerkleTree.verify(tree.root, [...anchorLeafEncoding], leaf, proofs[n] ?? [])) verifiedOffChain += 1;
});
const offChainMsPerProof = (seconds(started) * 1000) / proofCount;

// 2 and 3b. Gas per anchored batch and on-chain verification, on an anvil of our own.
const port = await freePort();
const anvil = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--silent'], { stdio: 'ignore' });
const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, 31337, { staticNetwork: true, cacheTimeout: -1 });
try {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await provider.getBlockNumber();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(100);
    }
  }
  // anvil's first development account (a public test key).
  const admin = new NonceManager(
    new Wallet('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', provider),
  );
  const registry = await new AnchorRegistry__factory(admin).deploy(await admin.getAddress());
  await registry.waitForDeployment();
  await (await registry.grantRole(await registry.ANCHORER_ROLE(), await admin.getAddress())).wait();
  const gasByLeaves: Record<string, number> = {};
  const sizes = [...new Set([1, 1_000, 1_000_000, leafCount])];
  for (const [batchId, size] of sizes.entries()) {
    const root = batchId === sizes.length - 1 ? tree.root : toHex(valueHashOf(Buffer.from(`root ${size}`)));
    const rangesHash = keccak256(Buffer.from(JSON.stringify(topicNames)));
    const receipt = await (await registry.anchor(BigInt(batchId), root, BigInt(size), rangesHash)).wait();
    gasByLeaves[String(size)] = Number(receipt?.gasUsed ?? 0n);
  }
  const lastBatch = BigInt(sizes.length - 1);
  const onChainSample = proofIndexes.slice(0, Math.min(200, proofCount));
  started = performance.now();
  let verifiedOnChain = 0;
  for (const index of onChainSample) {
    if (await registry.verify(lastBatch, tree.leaf(index), tree.proof(index))) verifiedOnChain += 1;
  }
  const onChainMsPerProof = (seconds(started) * 1000) / onChainSample.length;

  console.log(
    JSON.stringify(
      {
        leaves: leafCount,
        valueBytes,
        leavesPerSecond: Math.round(oursPerSecond),
        hashSeconds: Number(hashSeconds.toFixed(2)),
        treeSeconds: Number(treeSeconds.toFixed(2)),
        reference: {
          leaves: referenceLeaves,
          library: '@openzeppelin/merkle-tree StandardMerkleTree.of',
          leavesPerSecond: Math.round(libraryPerSecond),
        },
        ratioToLibrary: Number((oursPerSecond / libraryPerSecond).toFixed(1)),
        gasPerAnchoredBatchByLeafCount: gasByLeaves,
        proof: {
          hashes: sampleProof.length,
          bytes: sampleProof.length * 32,
          vzProofJsonBytes: proofJsonBytes,
        },
        verify: {
          proofs: proofCount,
          verifiedOffChain,
          offChainMsPerProof: Number(offChainMsPerProof.toFixed(3)),
          onChainProofs: onChainSample.length,
          verifiedOnChain,
          onChainMsPerProof: Number(onChainMsPerProof.toFixed(3)),
        },
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      null,
      2,
    ),
  );
} finally {
  provider.destroy();
  anvil.kill('SIGTERM');
}
