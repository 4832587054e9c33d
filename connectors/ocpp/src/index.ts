export { Csms, defaultCsmsSettings, type CsmsDependencies, type CsmsSettings } from './csms.ts';
export { transactionIdFor } from './ocpp16/index.ts';
export { StationCredentials } from './stations/credentials.ts';
export { loadOcppConfig, ocppConfigSchema, type OcppConfig } from './config.ts';
