// `@vz/connector-clickhouse/testing`: the model fixture, for other projects' tests (tests and benchmarks only; the
// lint refuses it elsewhere). The chdb lane is not exported: it loads the native engine, and only this project's unit
// tests run on it.
export { asStrings, queryCases, rewardRow, seedModel, type QueryCase, type RowWriter } from './model-fixture.ts';
