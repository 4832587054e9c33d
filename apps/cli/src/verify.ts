import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { AnchorRegistry__factory } from '@vz/contracts';
import { type KafkaConfig, readOffsetRanges } from '@vz/kafka';
import { anchorLeafEncoding, type RecordProof } from '@vz/stream-anchoring';
import { getAddress, JsonRpcProvider, keccak256 } from 'ethers';
import { z } from 'zod';

/** A proof as `vz proof` writes it; checked field by field, since it comes from wherever the verifier got it. */
const recordProofSchema = z.object({
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  offset: z.string().regex(/^\d+$/),
  value: z.string(),
  proof: z.array(z.string().regex(/^0x[0-9a-fA-F]{64}$/)),
  batchId: z.string().regex(/^\d+$/),
  contractAddress: z.string().nullable(),
});

export function parseRecordProof(json: string): z.output<typeof recordProofSchema> {
  return recordProofSchema.parse(JSON.parse(json));
}

export interface Verification {
  readonly verified: boolean;
  /** One line per check, `✓` or `✗` first. */
  readonly lines: readonly string[];
}

/**
 * Checks a record against the root on chain, trusting nothing of the platform's but the proof's sibling hashes, which
 * cannot make a wrong record pass: the record is read again from Kafka (or, `offline`, taken from the proof, for a
 * holder of an exported record), its leaf is rebuilt with OpenZeppelin's StandardMerkleTree (not our hasher), and the
 * root is read from the AnchorRegistry at `contract` on the chain at `rpcUrl`; the registry's own `verify` must agree.
 */
export async function verifyRecord(options: {
  readonly proof: Pick<RecordProof, 'topic' | 'partition' | 'offset' | 'value' | 'proof' | 'batchId'>;
  readonly kafka: KafkaConfig | undefined;
  readonly rpcUrl: string;
  readonly contract: string;
}): Promise<Verification> {
  const { proof } = options;
  const lines: string[] = [];
  const at = `${proof.topic}/${proof.partition}@${proof.offset}`;
  let value: Buffer = Buffer.from(proof.value, 'base64');
  if (options.kafka !== undefined) {
    const offset = BigInt(proof.offset);
    let found: Buffer | undefined;
    await readOffsetRanges(
      options.kafka,
      [{ topic: proof.topic, partition: proof.partition, from: offset, to: offset + 1n }],
      (message) => void (found = message.value ?? Buffer.alloc(0)),
    );
    if (found === undefined) return { verified: false, lines: [`✗ ${at} is not a committed record in Kafka`] };
    value = found;
    lines.push(`✓ read ${at} from Kafka (${value.length} bytes)`);
  } else {
    lines.push(`• ${at}: value taken from the proof (${value.length} bytes), not from Kafka`);
  }
  const valueHash = keccak256(value);
  const leafValues = [proof.topic, proof.partition, proof.offset, valueHash];
  const leaf = StandardMerkleTree.of([leafValues], [...anchorLeafEncoding]).leafHash(leafValues);
  lines.push(`• leaf ${leaf} (value hash ${valueHash})`);

  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true });
  try {
    const registry = AnchorRegistry__factory.connect(getAddress(options.contract), provider);
    const { chainId } = await provider.getNetwork();
    const root = await registry.rootOf(BigInt(proof.batchId));
    if (/^0x0+$/.test(root)) {
      lines.push(`✗ batch ${proof.batchId} has no root on chain ${chainId} at ${options.contract} (not anchored yet?)`);
      return { verified: false, lines };
    }
    lines.push(`• root of batch ${proof.batchId} on chain ${chainId} at ${options.contract}: ${root}`);
    const offChain = StandardMerkleTree.verify(root, [...anchorLeafEncoding], leafValues, [...proof.proof]);
    const onChain = await registry.verify(BigInt(proof.batchId), leaf, [...proof.proof]);
    lines.push(`${offChain ? '✓' : '✗'} the proof leads from the leaf to the root (OpenZeppelin merkle-tree)`);
    lines.push(`${onChain ? '✓' : '✗'} AnchorRegistry.verify on chain agrees`);
    return { verified: offChain && onChain, lines };
  } finally {
    provider.destroy();
  }
}
