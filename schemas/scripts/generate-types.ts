// Regenerates schemas/src/generated/types.ts from schemas/avro (npm run schemas:generate).
import { writeFileSync } from 'node:fs';
import { generatedTypesFile, renderGeneratedTypes } from './generated-types.ts';

writeFileSync(generatedTypesFile, await renderGeneratedTypes());
console.log(`wrote ${generatedTypesFile}`);
