export { Csms, defaultCsmsSettings, transactionIdFor, type CsmsDependencies, type CsmsSettings } from './csms.ts';
export { StationCredentials } from './stations/credentials.ts';
export { loadOcppConfig, ocppConfigSchema, type OcppConfig } from './config.ts';
