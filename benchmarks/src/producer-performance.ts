import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KAFKA_VERSION, kafkaLibsDir, loadLocalConfig } from '@vz/local';
import { InternalError, PrerequisiteError } from '@vz/core';

export interface ProducerPerformanceOptions {
  bootstrap: string;
  topic: string;
  records: number;
  recordSize: number;
  /** Default 'all'. */
  acks?: 'all' | '1';
  /** Further producer properties (linger.ms, batch.size, compression.type...); they win over bootstrap and acks. */
  extraProducerProps?: Record<string, string>;
}

export interface ProducerPerformanceResult {
  recordsPerSecond: number;
  mbPerSecond: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  /** The tool's whole stdout: the progress lines every 5 s and the final summary. */
  raw: string;
}

/** `java -cp` value for Kafka's jars as deploy/local downloaded them; throws if they are not there yet. */
export function kafkaClasspath(cacheDir: string = loadLocalConfig().local.cacheDir): string {
  const libs = kafkaLibsDir(cacheDir);
  if (!existsSync(join(libs, '.complete')) || !existsSync(join(libs, `kafka-tools-${KAFKA_VERSION}.jar`))) {
    throw new PrerequisiteError(
      `Kafka ${KAFKA_VERSION} jars (with kafka-tools) not found in ${libs}: start deploy/local once`,
    );
  }
  return `${libs}/*`;
}

// "1000000 records sent, 123.4 records/sec (0.04 MB/sec), 1.23 ms avg latency, 45.00 ms max latency,
//  1 ms 50th, 2 ms 95th, 3 ms 99th, 4 ms 99.9th." (the progress lines have no percentiles)
const number = String.raw`(NaN|-?\d+(?:\.\d+)?)`;
const SUMMARY = new RegExp(
  String.raw`^(\d+) records sent, ${number} records/sec \(${number} MB/sec\), ${number} ms avg latency, ` +
    String.raw`${number} ms max latency, ${number} ms 50th, ${number} ms 95th, ${number} ms 99th, ${number} ms 99\.9th\.$`,
  'm',
);
/** What the tool's send callback prints (printStackTrace) when a record could not be delivered. */
const DELIVERY_FAILURE = /^[\w.$]+(?:Exception|Error)(?::|$)/m;

/** log4j 1.x (reload4j) on the classpath: WARN and above to stderr, as Kafka's tools-log4j.properties does. */
function log4jConfig(): string {
  const file = join(tmpdir(), 'vz-benchmarks-tools-log4j.properties');
  writeFileSync(
    file,
    [
      'log4j.rootLogger=WARN, stderr',
      'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stderr.Target=System.err',
      'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  return file;
}

export function parseSummary(stdout: string): Omit<ProducerPerformanceResult, 'raw'> & { recordsSent: number } {
  const match = [...stdout.matchAll(new RegExp(SUMMARY.source, 'gm'))].at(-1);
  if (!match) throw new InternalError('no ProducerPerformance summary line in its output');
  const [sent, rps, mbps, avg, max, p50, p95, p99, p999] = match.slice(1).map(Number);
  return {
    recordsSent: sent ?? NaN,
    recordsPerSecond: rps ?? NaN,
    mbPerSecond: mbps ?? NaN,
    avgLatencyMs: avg ?? NaN,
    maxLatencyMs: max ?? NaN,
    p50Ms: p50 ?? NaN,
    p95Ms: p95 ?? NaN,
    p99Ms: p99 ?? NaN,
    p999Ms: p999 ?? NaN,
  };
}

/**
 * Runs Kafka's own org.apache.kafka.tools.ProducerPerformance (kafka-producer-perf-test) unthrottled against a topic
 * that must already exist, with the JVM options kafka-run-class.sh uses. Stops it at the first record it fails to
 * deliver, and throws with the end of its stderr on any failure.
 */
export async function runProducerPerformance(options: ProducerPerformanceOptions): Promise<ProducerPerformanceResult> {
  const props = {
    'bootstrap.servers': options.bootstrap,
    acks: options.acks ?? 'all',
    ...options.extraProducerProps,
  };
  const args = [
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-Djava.awt.headless=true',
    // The summary is printed with String.format: keep '.' as the decimal separator whatever the machine's locale.
    '-Duser.language=en',
    '-Duser.country=US',
    `-Dlog4j.configuration=file:${log4jConfig()}`,
    '-cp',
    kafkaClasspath(),
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    options.topic,
    '--num-records',
    String(options.records),
    '--record-size',
    String(options.recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    ...Object.entries(props).map(([key, value]) => `${key}=${value}`),
  ];

  // 'java' from PATH, as deploy/local starts Kafka and its tools (the `java` prerequisite in prerequisites.ts).
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let deliveryFailed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-64 * 1024);
    if (!deliveryFailed && DELIVERY_FAILURE.test(stderr)) {
      deliveryFailed = true;
      child.kill('SIGTERM');
    }
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });

  const fail = (reason: string): Error =>
    new InternalError(
      `ProducerPerformance on ${options.topic} ${reason}\n--- stderr (tail) ---\n${stderr.slice(-4000).trimEnd()}` +
        `\n--- stdout (tail) ---\n${stdout.slice(-1000).trimEnd()}`,
    );
  if (deliveryFailed) throw fail('failed to deliver a record (stopped it)');
  if (exit.code !== 0) throw fail(`exited with ${exit.signal ?? `code ${exit.code}`}`);
  let summary: ReturnType<typeof parseSummary>;
  try {
    summary = parseSummary(stdout);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const { recordsSent, ...result } = summary;
  if (recordsSent !== options.records) throw fail(`sent ${recordsSent} of ${options.records} records`);
  return { ...result, raw: stdout };
}
