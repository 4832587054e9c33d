import { resolve } from 'node:path';

/**
 * The repository's root folder (libs/core/src/platform is four folders below it): the local platform keeps its data
 * under it (`.vz/`) and starts the deployables from their files in it, and the test harness finds both there.
 */
export const repositoryRoot = resolve(import.meta.dirname, '../../../..');
