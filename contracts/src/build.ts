/**
 * Compiles contracts/solidity/*.sol with solc-js (no native compiler is reachable from these machines) and writes,
 * per contract, `build/<Name>.json` (ABI and bytecode) and typed ethers v6 bindings in `src/generated/` (TypeChain).
 * Both are committed; a unit test fails when they differ from what this produces (`npm run contracts:build`).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import solc from 'solc';
import { runTypeChain } from 'typechain';

export const contractsRoot = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface CompiledContract {
  readonly abi: unknown[];
  readonly bytecode: string;
}

interface SolcOutput {
  errors?: Array<{ severity: 'error' | 'warning' | 'info'; formattedMessage: string }>;
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

/** Resolves `@openzeppelin/...` (and any package import) from node_modules, as solc's import callback. */
function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `not found: ${path}` };
  }
}

/** Our contracts (not the libraries they import), by name, compiled with the optimizer. */
export function compileContracts(): Map<string, CompiledContract> {
  const sourceDir = join(contractsRoot, 'solidity');
  const sources = Object.fromEntries(
    readdirSync(sourceDir)
      .filter((file) => file.endsWith('.sol'))
      .sort()
      .map((file) => [file, { content: readFileSync(join(sourceDir, file), 'utf8') }]),
  );
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((error) => error.formattedMessage).join('\n')}`);
  const compiled = new Map<string, CompiledContract>();
  for (const file of Object.keys(sources)) {
    for (const [name, contract] of Object.entries(output.contracts[file] ?? {})) {
      compiled.set(name, { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` });
    }
  }
  return compiled;
}

/** Writes build/*.json and the TypeChain bindings into `outDir` (a scratch folder for the up-to-date check). */
export async function buildContracts(outDir: string = contractsRoot): Promise<string[]> {
  const compiled = compileContracts();
  const buildDir = join(outDir, 'build');
  const generatedDir = join(outDir, 'src', 'generated');
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(generatedDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const files: string[] = [];
  for (const [name, contract] of compiled) {
    const file = join(buildDir, `${name}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ contractName: name, abi: contract.abi, bytecode: contract.bytecode }, null, 2)}\n`,
    );
    files.push(file);
  }
  await runTypeChain({
    cwd: outDir,
    filesToProcess: files,
    allFiles: files,
    outDir: generatedDir,
    target: 'ethers-v6',
  });
  adaptToTypeStripping(generatedDir);
  return [...compiled.keys()];
}

/**
 * TypeChain writes for a bundler: relative imports without extensions and event namespaces that are not `declare`.
 * Node runs our TypeScript as is (type stripping, no build step), which needs `.ts` paths and erasable syntax, so the
 * output gets both (the namespaces hold types only, so `declare` changes nothing else).
 */
function adaptToTypeStripping(dir: string): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  const subdirectories = new Set(entries.filter((entry) => entry.isDirectory()).map((entry) => `./${entry.name}`));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      adaptToTypeStripping(path);
      continue;
    }
    const source = readFileSync(path, 'utf8')
      .replace(
        /from "(\.\.?\/[^"]+)"/g,
        (_, target: string) => `from "${target}${subdirectories.has(target) ? '/index.ts' : '.ts'}"`,
      )
      .replace(/^export namespace /gm, 'export declare namespace ');
    writeFileSync(path, source);
  }
}

/** The files a build produces, relative to the root, with their contents. */
export function snapshotOf(root: string): Map<string, string> {
  const snapshot = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else snapshot.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  walk('build', 'build/');
  walk(join('src', 'generated'), 'src/generated/');
  return snapshot;
}

/** A build in a scratch folder, to compare with what is committed. */
export async function scratchBuild(): Promise<Map<string, string>> {
  const scratch = mkdtempSync(join(tmpdir(), 'vz-contracts-'));
  try {
    await buildContracts(scratch);
    return snapshotOf(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const names = await buildContracts();
  console.log(`compiled ${names.join(', ')} into contracts/build and contracts/src/generated`);
}
