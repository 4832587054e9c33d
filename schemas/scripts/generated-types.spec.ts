import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { generatedTypesFile, renderGeneratedTypes } from './generated-types.ts';

describe('the Avro schemas', () => {
  it('match the checked-in generated TypeScript (run `npm run schemas:generate` after changing a schema)', async () => {
    expect(readFileSync(generatedTypesFile, 'utf8')).toBe(await renderGeneratedTypes());
  });
});
