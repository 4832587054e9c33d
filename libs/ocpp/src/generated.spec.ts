import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { generatedDirectory, renderOcppTypes, schemaSets } from '../scripts/generate-types.ts';

describe('generated OCPP message types', () => {
  it.each(schemaSets.map((set) => [set.outputFile, set] as const))(
    '%s is what ocpp-rpc schemas give (npm run ocpp:generate after an ocpp-rpc upgrade)',
    async (outputFile, set) => {
      expect(readFileSync(join(generatedDirectory, outputFile), 'utf8')).toBe(await renderOcppTypes(set));
    },
  );
});
