import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { loadSchemaSet } from '../src/index.ts';
import { renderTypeScript } from './codegen.ts';

export const generatedTypesFile = join(import.meta.dirname, '..', 'src', 'generated', 'types.ts');

/** The checked-in generated file's expected content: rendered, then formatted as the repository formats code. */
export async function renderGeneratedTypes(): Promise<string> {
  const options = await resolveConfig(generatedTypesFile);
  return format(renderTypeScript(loadSchemaSet()), { ...options, filepath: generatedTypesFile });
}
