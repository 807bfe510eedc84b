import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';
import { findDifferences, writeGeneratedFiles } from './generated-files.js';

/**
 * `node build/tools/codegen/main.js [--check] [--protocol DIR]`: regenerates src/generated from
 * libvirt's `.x` and API XML files, or with `--check` only compares and exits 1 on differences.
 */
function main(argv: readonly string[]): number {
  // build/tools/codegen/main.js → the repository root, wherever the command is run from.
  const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
  let protocolDir = resolve(root, '../shared/protocol');
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--protocol' && i + 1 < argv.length) protocolDir = resolve(argv[++i]);
    else {
      process.stderr.write(`usage: main.js [--check] [--protocol DIR]\nunknown argument: ${arg}\n`);
      return 2;
    }
  }
  const outDir = resolve(root, 'src/generated');
  const { files, notes } = generate(protocolDir);
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  if (check) {
    const differences = findDifferences(files, outDir);
    if (differences.length === 0) {
      process.stdout.write(`src/generated is up to date (${files.size} files)\n`);
      return 0;
    }
    process.stderr.write(`src/generated differs from the generator's output; run \`npm run gen\`:\n`);
    for (const difference of differences) process.stderr.write(`  ${difference}\n`);
    return 1;
  }
  writeGeneratedFiles(files, outDir);
  process.stdout.write(`wrote ${files.size} files to src/generated\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
