#!/usr/bin/env node
// README.md's TypeScript samples are files under examples/readme/ (type-checked by `npm run lint`,
// run by spec/readme/readme-samples.spec.ts). In README.md each one is a ```ts block preceded by
// `<!-- sample: examples/readme/NAME.ts -->`. This script copies the files into those blocks
// (`npm run readme`), or with --check fails when a block differs from its file or when a ```ts
// block has no sample line (so no sample goes untested). `--readme PATH` reads another README.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const readmeAt = args.indexOf('--readme');
const readmePath = readmeAt >= 0 ? resolve(args[readmeAt + 1]) : join(root, 'README.md');

const MARKER = /^<!-- sample: (examples\/readme\/[\w-]+\.ts) -->$/;
const lines = readFileSync(readmePath, 'utf8').split('\n');
const out = [];
const problems = [];
let i = 0;
while (i < lines.length) {
  const line = lines[i];
  const marker = MARKER.exec(line);
  if (line.startsWith('```ts') && !MARKER.test(lines[i - 1] ?? '')) {
    problems.push(`README line ${i + 1}: a \`\`\`ts block without a "<!-- sample: examples/readme/NAME.ts -->" line before it`);
  }
  out.push(line);
  i++;
  if (!marker) continue;
  if (lines[i] !== '```ts') {
    problems.push(`README line ${i}: ${marker[1]}: the next line must open a \`\`\`ts block`);
    continue;
  }
  const end = lines.indexOf('```', i + 1);
  if (end < 0) {
    problems.push(`README line ${i + 1}: ${marker[1]}: the block is never closed`);
    break;
  }
  const block = lines.slice(i + 1, end).join('\n');
  if (!existsSync(join(root, marker[1]))) {
    problems.push(`README line ${i}: ${marker[1]} does not exist`);
    out.push(...lines.slice(i, end + 1));
    i = end + 1;
    continue;
  }
  const sample = readFileSync(join(root, marker[1]), 'utf8').replace(/\n$/, '');
  if (block !== sample) problems.push(`${marker[1]} differs from its README block (line ${i + 1}): run \`npm run readme\``);
  out.push('```ts', sample, '```');
  i = end + 1;
}

if (check) {
  for (const problem of problems) process.stderr.write(`readme-samples: ${problem}\n`);
  process.exit(problems.length === 0 ? 0 : 1);
}
const unfixable = problems.filter((problem) => !problem.includes('npm run readme'));
if (unfixable.length > 0) {
  for (const problem of unfixable) process.stderr.write(`readme-samples: ${problem}\n`);
  process.exit(1);
}
writeFileSync(readmePath, out.join('\n'));
