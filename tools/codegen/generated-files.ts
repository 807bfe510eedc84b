import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Paths (relative, `/`-separated) of the `.ts` files under `dir`; empty when it does not exist. */
export function listGeneratedFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.endsWith('.ts'))
    .map((entry) => relative(dir, join(dir, entry)).split(sep).join('/'))
    .sort();
}

/**
 * Compares the generated sources with the files in `dir`. Returns one line per difference, by
 * path: `changed: x`, `missing: x` (generated but not on disk) or `extra: x` (on disk only).
 */
export function findDifferences(files: ReadonlyMap<string, string>, dir: string): string[] {
  const differences: [path: string, kind: string][] = [];
  const onDisk = new Set(listGeneratedFiles(dir));
  for (const [path, content] of files) {
    if (!onDisk.has(path)) differences.push([path, 'missing']);
    else if (readFileSync(join(dir, path), 'utf8') !== content) differences.push([path, 'changed']);
  }
  for (const path of onDisk) if (!files.has(path)) differences.push([path, 'extra']);
  return differences.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, kind]) => `${kind}: ${path}`);
}

/** Writes the generated sources into `dir` and deletes `.ts` files there that are no longer generated. */
export function writeGeneratedFiles(files: ReadonlyMap<string, string>, dir: string): void {
  for (const path of listGeneratedFiles(dir)) if (!files.has(path)) rmSync(join(dir, path));
  for (const [path, content] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
