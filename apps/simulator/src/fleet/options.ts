import type { Logger } from '@vz/core';
import { z } from 'zod';
import type { Clock } from '../clock.ts';

export const fleetOptionsSchema = z.strictObject({
  endpoint: z.string().regex(/^wss?:\/\/[^/]+/, 'must be a ws:// or wss:// URL'),
  passwordFor: z.custom<(identity: string) => string>((value) => typeof value === 'function', 'must be a function'),
  chargers: z.number().int().nonnegative().max(100_000),
  /** MQTT plugs, alongside the chargers; they need `mqttUrl` and `plugPasswordFor`. */
  plugs: z.number().int().nonnegative().max(10_000).default(0),
  mqttUrl: z
    .string()
    .regex(/^mqtts?:\/\/[^/]+/, 'must be an mqtt:// URL')
    .optional(),
  /** Broker user every plug logs in as (an integrator); by default each plug is its own user, named by its id. */
  plugUsername: z.string().min(1).optional(),
  /** Broker password of a plug (of the integrator with `plugUsername`). */
  plugPasswordFor: z
    .custom<(plugId: string) => string>((value) => typeof value === 'function', 'must be a function')
    .optional(),
  plugPrefix: z.string().max(40).default('SIM-PLUG-'),
  /** Fraction of chargers speaking OCPP 2.0.1 (spread evenly through the fleet); the rest speak 1.6. */
  share201: z.number().min(0).max(1).default(0),
  idPrefix: z.string().max(40).default('SIM-'),
  /** Tokens the drivers present (e.g. the demo network's registered ones), one picked at random per session; by
   * default each session gets a random unregistered `VZ…` tag. */
  idTags: z.array(z.string().min(1).max(36)).default([]),
  connectors: z.number().int().min(1).max(32).default(2),
  /** Sessions each charger runs before it idles (heartbeats only); unlimited by default. */
  sessionsPerCharger: z.number().int().nonnegative().default(Number.POSITIVE_INFINITY),
  meterValueIntervalMs: z.number().int().positive().default(60_000),
  /** Maximum power of the chargers; each car draws 50–100 % of it and tapers near full. */
  powerW: z.number().int().positive().max(400_000).default(11_000),
  /** Typical session length (±50 %); the car leaves earlier when it reaches its target SoC. */
  sessionMs: z.number().int().positive().optional(),
  /** Typical time a connector stays free between sessions (±50 %). */
  idleMs: z.number().int().positive().optional(),
  /** Occasional connector faults (Faulted, then recovered) and network drops (offline queue, replay). */
  faults: z.boolean().default(false),
  /** Chargers connecting and booting at the same time during ramp-up. */
  concurrency: z.number().int().positive().default(20),
  seed: z.number().int().default(1),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null && 'now' in value, 'must implement Clock')
    .optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null && 'child' in value, 'must be a Logger')
    .optional(),
});

export type FleetOptions = z.input<typeof fleetOptionsSchema>;
export type FleetSettings = z.output<typeof fleetOptionsSchema>;
