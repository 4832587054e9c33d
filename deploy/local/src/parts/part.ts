import { join } from 'node:path';
import type { CheckResult } from '@vz/core';
import type { LocalConfig } from '../config.ts';
import type { LaunchSpec } from '../processes.ts';
import type { Prerequisite } from '../prerequisites.ts';
import { InternalError } from '@vz/core';

export interface PartContext {
  config: LocalConfig;
  /** This part's own folder under the data folder. */
  dataDir: string;
  cacheDir: string;
  say(message: string): void;
}

/**
 * One process of the local platform, described as data the supervisor acts on: an infrastructure service now, and
 * the platform's own deployables as later issues add them (a deployable is a part whose launch runs `node` on its
 * entry point and whose health is its `/health/ready`).
 */
export interface Part {
  name: string;
  /** What it is, for the status table. */
  title: string;
  prerequisites: Prerequisite[];
  /**
   * A platform deployable starts only once the infrastructure is healthy and the topic catalog is applied (its topics
   * exist and its schemas are registered), because it binds to them at start.
   */
  after?: 'catalog';
  /**
   * `down` stops the parts in three waves, each all at once: traffic sources (the simulator, which ends its sessions
   * through the central system while it still answers), then the other deployables, then the infrastructure.
   */
  stopsFirst?: true;
  ports(config: LocalConfig): Record<string, number>;
  /** Downloads into the cache, writes configuration, formats storage. Must be idempotent: it runs on every `up`. */
  prepare(context: PartContext): Promise<void>;
  launch(context: PartContext): LaunchSpec;
  health(context: PartContext): Promise<CheckResult>;
  /** Settings applied through the part's own API once it is healthy; idempotent, runs on every `up`. */
  configure?(context: PartContext): Promise<void>;
}

export function partDataDir(config: LocalConfig, name: string): string {
  return join(config.local.dataDir, name);
}

/** Fills `@NAME@` placeholders; a placeholder left unfilled is a bug in the caller, so it throws. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  const rendered = template.replace(/@([A-Z0-9_]+)@/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
  const missing = rendered.match(/@[A-Z0-9_]+@/g);
  if (missing) throw new InternalError(`template placeholders without a value: ${[...new Set(missing)].join(', ')}`);
  return rendered;
}
