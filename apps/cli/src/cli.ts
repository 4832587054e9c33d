#!/usr/bin/env node
// vz — operate the event backbone from the topic catalog (schemas/src/catalog.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ClickHouseLogLevel, createClient as createClickHouseClient } from '@clickhouse/client';
import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { clickhouseExecutor, markAllRollupDays, pendingRollupDays, refreshRollups } from '@vz/connector-clickhouse';
import { readContractAddresses } from '@vz/contracts';
import { createLogger, InputError, loadConfig } from '@vz/core';
import { applyCatalog, type KafkaConfig } from '@vz/kafka';
import { endpointsOf, loadLocalConfig, repositoryRoot } from '@vz/local';
import { buildRecordProof, type RecordProof } from '@vz/stream-anchoring';
import {
  type AnchorBatch,
  type AnchorLeafChunk,
  AvroCodec,
  catalogTopics,
  checkCompatibility,
  loadSchemaSet,
  SchemaRegistryClient,
  type SchemaSet,
  type SettlementReview,
  type TopicCompatibility,
  topics,
} from '@vz/schemas';
import { rewardsConfigSchema } from '@vz/stream-rewards';
import { sessionsConfigSchema } from '@vz/stream-sessions';
import { pendingReviews, readSettlementReviews, reviewDecision, settlementsConfigSchema } from '@vz/stream-settlements';
import { z } from 'zod';
import { automaticBaseline, schemaSetAtRevision } from './git-baseline.ts';
import { replayDerivations } from './replay.ts';
import { parseRecordProof, verifyRecord } from './verify.ts';

const usage = `usage: vz <command> [options]

commands:
  schemas check      fail if a schema is not BACKWARD compatible with what it replaces
  catalog apply      schemas check, then create the catalog's missing topics (checking the partition counts of the
                     others) and register every value schema (subject <topic>-value, BACKWARD)
  replay             drop every derived topic (sessions, settlements, rewards, mint batches), their changelogs,
                     dead letters and groups, and derive them again from the inputs, with progress; stop those
                     deployables first (npm run platform -- down --only sessions,settlements,rewards)
  proof <topic> <partition> <offset>
                     the record's Merkle proof as JSON: the record, its leaf, the sibling hashes, its batch and root,
                     the anchoring transaction (--out <file> to write it to a file)
  verify <topic> <partition> <offset> | verify --proof <file>
                     re-read the record from Kafka, rebuild its leaf and check the proof against the root read from
                     the AnchorRegistry on chain; exit 0 when verified, 1 when not (--offline: use the record in the
                     proof file instead of Kafka)
  rollups status     the days each refreshed ClickHouse rollup still has to refresh (docs/analytics.md)
  settlements reviews
                     the settlement revisions held for an operator because they would lower a settled amount
  settlements confirm <sessionId> --by <who> [--reason <text>]
  settlements reject <sessionId> --by <who> [--reason <text>]
                     decide the session's pending review: confirmed, streams/settlements emits the revision
                     (flag CORRECTION); rejected, the settled revision stays
  rollups rebuild    mark every day of the base tables and refresh every rollup, a day at a time, with progress
                     (after a bulk load, a restore, or a change to a rollup's SQL); the sink keeps them current

options:
  --bootstrap <host:port>   Kafka (default: the local platform's)
  --registry <url>          Confluent-compatible registry API (default: the local platform's)
  --prefix <prefix>         prefix of every topic and subject (tests, tenants); default none
  --against <what>          for schemas check: 'registry' (default: the registry's latest versions),
                            'git:<revision>' (that revision's schemas), or 'git:auto' (see README)
  --rpc-url <url>           for verify: the chain's JSON-RPC (default: the local platform's)
  --contract <address>      for verify: the AnchorRegistry you trust (default: the local platform's deployment)
  --clickhouse <url>        for rollups: ClickHouse's HTTP interface, as the platform user (default: the local
                            platform's; user and password from VZ_CLICKHOUSE_USER / VZ_CLICKHOUSE_PASSWORD or its own)
  --database <name>         for rollups: the model's database (default: vz)
  --by <who>                for settlements confirm|reject: who decides (required)
  --reason <text>           for settlements confirm|reject: why
`;

interface Options {
  bootstrap: string;
  registry: string;
  prefix: string;
  against: string;
  /** Positional arguments after the command (proof, verify). */
  args: string[];
  out: string | undefined;
  proofFile: string | undefined;
  offline: boolean;
  rpcUrl: string | undefined;
  contract: string | undefined;
  clickhouse: string | undefined;
  database: string;
  by: string | undefined;
  reason: string | undefined;
}

/** Commands followed by positional arguments, as many words as they have; the others are two words. */
const commandsWithArguments = ['proof', 'verify', 'settlements confirm', 'settlements reject'];

function parse(argv: string[]): { command: string; options: Options } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bootstrap: { type: 'string' },
      registry: { type: 'string' },
      prefix: { type: 'string', default: '' },
      against: { type: 'string', default: 'registry' },
      out: { type: 'string' },
      proof: { type: 'string' },
      offline: { type: 'boolean', default: false },
      'rpc-url': { type: 'string' },
      contract: { type: 'string' },
      clickhouse: { type: 'string' },
      database: { type: 'string', default: 'vz' },
      by: { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals.length === 0) {
    process.stdout.write(usage);
    process.exit(values.help === true ? 0 : 2);
  }
  const local =
    values.bootstrap === undefined || values.registry === undefined ? endpointsOf(loadLocalConfig()) : undefined;
  const withArguments = commandsWithArguments.find((command) =>
    command.split(' ').every((word, index) => positionals[index] === word),
  );
  const takesArguments = withArguments !== undefined;
  return {
    command: withArguments ?? positionals.join(' '),
    options: {
      bootstrap: values.bootstrap ?? local?.kafka.bootstrap ?? '',
      registry: values.registry ?? local?.registry.confluentUrl ?? '',
      prefix: values.prefix,
      against: values.against,
      args: takesArguments ? positionals.slice(withArguments.split(' ').length) : [],
      out: values.out,
      proofFile: values.proof,
      offline: values.offline,
      rpcUrl: values['rpc-url'],
      contract: values.contract,
      clickhouse: values.clickhouse,
      database: values.database,
      by: values.by,
      reason: values.reason,
    },
  };
}

function kafkaOf(options: Options): KafkaConfig {
  return {
    bootstrap: options.bootstrap,
    clientId: 'vz-cli',
    registryUrl: options.registry,
    saslMechanism: 'none',
    saslUsername: '',
    saslPassword: '',
  };
}

/**
 * The derivations' rules from the environment, as their deployables read them (VZ_SESSIONS_*, VZ_SETTLEMENTS_*,
 * VZ_REWARDS_*), so a replay derives what the deployment derived; the defaults otherwise.
 */
function derivationRules() {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => /^VZ_(SESSIONS|SETTLEMENTS|REWARDS)_/.test(key)),
  );
  const { sessions, settlements, rewards } = loadConfig(
    z.object({
      sessions: sessionsConfigSchema.shape.sessions,
      settlements: settlementsConfigSchema.shape.settlements,
      rewards: rewardsConfigSchema.shape.rewards,
    }),
    env,
  );
  const { instanceId: _sessions, ...sessionRules } = sessions;
  const { instanceId: _settlements, ...settlementRules } = settlements;
  const { instanceId: _rewards, rulesFile, ...rewardBatching } = rewards;
  return { sessionRules, settlementRules, rewardRulesFile: rulesFile, rewardBatching };
}

async function replay(options: Options): Promise<void> {
  const started = Date.now();
  let lastPrinted = 0;
  const counts = await replayDerivations({
    ...derivationRules(),
    kafka: kafkaOf(options),
    codec: new AvroCodec(new SchemaRegistryClient(options.registry), loadSchemaSet()),
    logger: createLogger('vz-replay', { level: 'warn' }),
    prefix: options.prefix,
    onProgress: ({ stage, processed, elapsedMs, done }) => {
      if (!done && Date.now() - lastPrinted < 2_000) return;
      lastPrinted = Date.now();
      const rate = elapsedMs > 0 ? Math.round((processed * 1_000) / elapsedMs) : 0;
      console.log(
        `${stage}: ${processed} records in ${(elapsedMs / 1_000).toFixed(1)} s (${rate}/s)${done ? ', done' : ''}`,
      );
    },
  });
  const summary = Object.entries(counts)
    .map(([stage, count]) => `${stage} ${count}`)
    .join(', ');
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`replayed in ${((Date.now() - started) / 1_000).toFixed(1)} s: ${summary} (peak RSS ${peakRssMiB} MiB)`);
}

async function applyCatalogTo(options: Options, schemas: SchemaSet): Promise<void> {
  const result = await applyCatalog({
    kafka: kafkaOf(options),
    registry: new SchemaRegistryClient(options.registry),
    schemas,
    prefix: options.prefix,
  });
  console.log(`topics: ${result.created.length} created, ${result.existing.length} already there`);
  for (const name of result.created) console.log(`  + ${name}`);
  console.log('schemas:');
  for (const { subject, schema, id } of result.registered) console.log(`  ${subject}: ${schema} (id ${id})`);
}

function baselineOf(against: string): { label: string; schemas: SchemaSet | undefined } | undefined {
  if (against === 'registry') return undefined;
  if (!against.startsWith('git:'))
    throw new InputError(`--against must be 'registry' or 'git:<revision>', not '${against}'`);
  const requested = against.slice('git:'.length);
  const revision = requested === 'auto' ? automaticBaseline(repositoryRoot) : requested;
  if (revision === undefined) return { label: 'git (no earlier schemas)', schemas: undefined };
  return { label: `git ${revision}`, schemas: schemaSetAtRevision(repositoryRoot, revision) };
}

async function checkSchemas(options: Options, schemas: SchemaSet): Promise<boolean> {
  const baseline = baselineOf(options.against);
  if (baseline !== undefined && baseline.schemas === undefined) {
    console.log(`schemas check against ${baseline.label}: every schema is new`);
    return true;
  }
  const results: TopicCompatibility[] = await checkCompatibility({
    registry: new SchemaRegistryClient(options.registry),
    current: schemas,
    topics: catalogTopics(),
    prefix: options.prefix,
    ...(baseline?.schemas === undefined ? {} : { baseline: baseline.schemas }),
  });
  const refused = results.filter((result) => !result.compatible);
  console.log(
    `schemas check against ${baseline?.label ?? `registry ${options.registry}`}: ${results.length - refused.length} compatible, ${refused.length} not`,
  );
  for (const result of refused) {
    console.log(`  ✗ ${result.topic} (${result.schema}) is not BACKWARD compatible:`);
    for (const message of result.messages) console.log(`      ${message}`);
  }
  return refused.length === 0;
}

/** `<topic> <partition> <offset>` of proof and verify. */
function coordinatesOf(options: Options): { topic: string; partition: number; offset: bigint } {
  const [topic, partition, offset] = options.args;
  if (topic === undefined || !/^\d+$/.test(partition ?? '') || !/^\d+$/.test(offset ?? '')) {
    throw new InputError('expected <topic> <partition> <offset>, e.g. `billing.settlements 2 117`');
  }
  return { topic: `${options.prefix}${topic}`, partition: Number(partition), offset: BigInt(offset ?? 0) };
}

async function proofOf(options: Options): Promise<RecordProof> {
  const kafka = kafkaOf(options);
  const codec = new AvroCodec(new SchemaRegistryClient(options.registry), loadSchemaSet());
  return buildRecordProof(
    {
      kafka,
      anchors: await codec.bind<AnchorBatch>(
        `${options.prefix}${topics.ledgerAnchors.name}`,
        topics.ledgerAnchors.valueSchema,
      ),
      leaves: await codec.bind<AnchorLeafChunk>(
        `${options.prefix}${topics.ledgerAnchorLeaves.name}`,
        topics.ledgerAnchorLeaves.valueSchema,
      ),
    },
    coordinatesOf(options),
  );
}

async function printProof(options: Options): Promise<void> {
  const json = `${JSON.stringify(await proofOf(options), null, 2)}\n`;
  if (options.out === undefined) process.stdout.write(json);
  else {
    writeFileSync(options.out, json);
    console.log(`proof written to ${options.out}`);
  }
}

/** The local platform's chain and AnchorRegistry, for flags left out. */
function localChain(): { rpcUrl: string; contract: string | undefined } {
  const { chain } = endpointsOf(loadLocalConfig());
  const contract = existsSync(chain.contractsFile)
    ? readContractAddresses(chain.contractsFile).contracts.AnchorRegistry
    : undefined;
  return { rpcUrl: chain.rpcUrl, contract };
}

/** `rollups status` lists what is pending; `rollups rebuild` marks every day and refreshes, printing each statement. */
async function rollups(action: 'status' | 'rebuild', options: Options): Promise<void> {
  const local = endpointsOf(loadLocalConfig()).clickhouse;
  const client = createClickHouseClient({
    url: options.clickhouse ?? local.url,
    username: process.env['VZ_CLICKHOUSE_USER'] ?? local.user,
    password: process.env['VZ_CLICKHOUSE_PASSWORD'] ?? local.password,
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    const executor = clickhouseExecutor(client);
    if (action === 'rebuild') {
      await markAllRollupDays(executor, options.database);
      const pending = await pendingRollupDays(executor, options.database);
      const total = [...pending.values()].reduce((sum, days) => sum + days.length, 0);
      process.stderr.write(`rebuilding ${total} rollup days\n`);
      let done = 0;
      await refreshRollups(executor, options.database, Date.now, (refresh) => {
        done += refresh.days.length;
        process.stderr.write(`${done}/${total} ${refresh.rollup} ${refresh.days.join(',')} (${refresh.ms} ms)\n`);
      });
    }
    const pending = await pendingRollupDays(executor, options.database);
    process.stdout.write(`${JSON.stringify(Object.fromEntries(pending), null, 2)}\n`);
  } finally {
    await client.close();
  }
}

async function reviewsTopic(options: Options) {
  const codec = new AvroCodec(new SchemaRegistryClient(options.registry), loadSchemaSet());
  return codec.bind<SettlementReview>(
    `${options.prefix}${topics.billingSettlementReviews.name}`,
    topics.billingSettlementReviews.valueSchema,
  );
}

const moneyText = (money: { amountMinor: number; currency: string } | null | undefined) =>
  money == null ? '-' : `${money.amountMinor} ${money.currency}`;

/** `settlements reviews`: one line per pending proposal, what is settled and what would replace it. */
async function listReviews(options: Options): Promise<void> {
  const pending = pendingReviews(await readSettlementReviews(kafkaOf(options), await reviewsTopic(options)));
  if (pending.length === 0) console.log('no settlement reviews pending');
  for (const review of pending) {
    const proposed = review.proposed;
    console.log(
      `${review.sessionId}  revision ${review.settledRevision} → ${review.settledRevision + 1}  ` +
        `total ${moneyText(review.settledTotal)} → ${moneyText(proposed?.total)}  ` +
        `charged ${moneyText(review.settledCharged)} → ${moneyText(proposed?.charged ?? proposed?.total)}  ` +
        `energy ${proposed?.energyWh ?? '-'} Wh  (${review.reviewId})`,
    );
  }
}

/** `settlements confirm|reject <sessionId>`: the decision record on the session's pending proposal. */
async function decideReview(decision: 'CONFIRMED' | 'REJECTED', options: Options): Promise<void> {
  const [sessionId] = options.args;
  if (sessionId === undefined || options.args.length !== 1) throw new InputError('expected one <sessionId>');
  if (options.by === undefined || options.by.trim() === '') throw new InputError('--by <who> is required');
  const kafka = kafkaOf(options);
  const reviews = await reviewsTopic(options);
  const proposal = pendingReviews(await readSettlementReviews(kafka, reviews)).find(
    (review) => review.sessionId === sessionId,
  );
  if (proposal === undefined) throw new InputError(`no settlement review pending for session ${sessionId}`);
  const record = reviewDecision(proposal, decision, options.by, options.reason ?? null, Date.now());
  const producer = new Producer({
    clientId: 'vz-cli',
    bootstrapBrokers: [options.bootstrap],
    // The Java client's partitioner, as every producer of the platform: the key lands with its session's records.
    partitioner: compatibilityPartitioner,
    acks: -1,
  });
  try {
    await producer.send({
      messages: [{ topic: reviews.topic, key: Buffer.from(sessionId), value: reviews.encode(record) }],
    });
  } finally {
    await producer.close();
  }
  console.log(`${record.decision} ${proposal.reviewId} by ${options.by}`);
}

async function verify(options: Options): Promise<boolean> {
  const proof =
    options.proofFile === undefined
      ? await proofOf(options)
      : parseRecordProof(readFileSync(options.proofFile, 'utf8'));
  const local = options.rpcUrl === undefined || options.contract === undefined ? localChain() : undefined;
  const contract = options.contract ?? local?.contract;
  if (contract === undefined) throw new InputError('no AnchorRegistry known: pass --contract <address>');
  const result = await verifyRecord({
    proof,
    kafka: options.offline ? undefined : kafkaOf(options),
    rpcUrl: options.rpcUrl ?? local?.rpcUrl ?? '',
    contract,
  });
  for (const line of result.lines) console.log(line);
  console.log(result.verified ? 'VERIFIED' : 'NOT VERIFIED');
  return result.verified;
}

async function main(): Promise<number> {
  const { command, options } = parse(process.argv.slice(2));
  switch (command) {
    case 'schemas check':
      return (await checkSchemas(options, loadSchemaSet())) ? 0 : 1;
    case 'catalog apply': {
      const schemas = loadSchemaSet();
      if (!(await checkSchemas(options, schemas))) return 1;
      await applyCatalogTo(options, schemas);
      return 0;
    }
    case 'replay':
      await replay(options);
      return 0;
    case 'proof':
      await printProof(options);
      return 0;
    case 'verify':
      return (await verify(options)) ? 0 : 1;
    case 'settlements reviews':
      await listReviews(options);
      return 0;
    case 'settlements confirm':
    case 'settlements reject':
      await decideReview(command === 'settlements confirm' ? 'CONFIRMED' : 'REJECTED', options);
      return 0;
    case 'rollups status':
    case 'rollups rebuild':
      await rollups(command === 'rollups rebuild' ? 'rebuild' : 'status', options);
      return 0;
    default:
      process.stderr.write(`unknown command '${command}'\n\n${usage}`);
      return 2;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`vz: ${(error as Error).message}`);
  process.exitCode = 1;
}
