import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { analyticsDoc, exampleQueriesSection, withCurrentExamples } from './docs.ts';
import { queryNames } from '../src/index.ts';

describe('docs/analytics.md', () => {
  it('shows every query exactly as the tested query files render it (regenerate: node connectors/clickhouse/scripts/docs.ts)', () => {
    const document = readFileSync(analyticsDoc, 'utf8');
    expect(document).toContain(exampleQueriesSection());
    expect(withCurrentExamples(document)).toBe(document);
    for (const name of queryNames) expect(document).toContain(`#### ${name}`);
  });
});
