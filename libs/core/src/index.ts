export * from './errors/errors.ts';
export * from './config/load-config.ts';
export * from './logging/logger.ts';
export * from './observability/observability-server.ts';
export * from './lifecycle/shutdown.ts';
export * from './platform/endpoints.ts';
export * from './security/passwords.ts';
export * from './time/local-time.ts';
