import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError } from '../errors/errors.ts';
import { configKeys, envKeyOf, loadConfig } from './load-config.ts';

const schema = z.object({
  logLevel: z.enum(['debug', 'info', 'warn']).default('info'),
  kafka: z.object({
    bootstrapServers: z.array(z.string()).min(1),
    port: z.number().int().min(1).max(65535).default(19092),
    idempotent: z.boolean().default(true),
  }),
});

describe('loadConfig', () => {
  it('maps nested camelCase paths onto VZ_ environment keys', () => {
    expect(envKeyOf(['kafka', 'bootstrapServers'])).toBe('VZ_KAFKA_BOOTSTRAP_SERVERS');
    expect(configKeys(schema)).toEqual([
      'VZ_LOG_LEVEL',
      'VZ_KAFKA_BOOTSTRAP_SERVERS',
      'VZ_KAFKA_PORT',
      'VZ_KAFKA_IDEMPOTENT',
    ]);
  });

  it('converts environment strings to the schema types and applies defaults', () => {
    const config = loadConfig(schema, {
      VZ_KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1, 127.0.0.1:2',
      VZ_KAFKA_IDEMPOTENT: 'false',
      PATH: '/usr/bin',
    });
    expect(config).toEqual({
      logLevel: 'info',
      kafka: { bootstrapServers: ['127.0.0.1:1', '127.0.0.1:2'], port: 19092, idempotent: false },
    });
  });

  it('refuses unknown VZ_ keys and suggests the closest known one', () => {
    expect(() => loadConfig(schema, { VZ_KAFKA_BOOTSTRAP_SERVERS: 'a:1', VZ_KAFKA_PROT: '1' })).toThrow(
      /VZ_KAFKA_PROT: unknown configuration key \(did you mean VZ_KAFKA_PORT\?\)/,
    );
  });

  it('names the key and the given value when a value is invalid', () => {
    let error: unknown;
    try {
      loadConfig(schema, { VZ_KAFKA_BOOTSTRAP_SERVERS: 'a:1', VZ_KAFKA_PORT: 'abc', VZ_LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('VZ_KAFKA_PORT');
    expect(message).toContain('"abc"');
    expect(message).toContain('VZ_LOG_LEVEL');
    expect((error as ConfigError).retriable).toBe(false);
  });

  it('names a required key that is missing', () => {
    expect(() => loadConfig(schema, {})).toThrow(/VZ_KAFKA_BOOTSTRAP_SERVERS/);
  });

  it('refuses booleans it cannot read instead of guessing', () => {
    expect(() => loadConfig(schema, { VZ_KAFKA_BOOTSTRAP_SERVERS: 'a:1', VZ_KAFKA_IDEMPOTENT: 'maybe' })).toThrow(
      /VZ_KAFKA_IDEMPOTENT/,
    );
  });
});
