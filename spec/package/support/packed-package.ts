// The package as a user gets it: `npm pack` of this repository, installed in a scratch project
// under the system's temporary directory, next to rxjs and nothing else of the repository's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** What `npm pack --json` says about one tarball. */
export interface PackResult {
  readonly filename: string;
  /** Bytes of the gzipped tarball. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

/** Every entry `exports` offers, as a user names it. */
export const ENTRIES = ['rxvirt', 'rxvirt/browser', 'rxvirt/gateway', 'rxvirt/testing', 'rxvirt/testing/node', 'rxvirt/node-streams'] as const;

/** A Node line of the CI matrix: its major version and the directory holding its `node`. */
export interface NodeLine {
  readonly major: number;
  readonly binDir: string;
}

/** Buffered output of a command, failing with its stderr (a test's message says why). */
export function run(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(file, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** `npm pack --json` with extra arguments, from the repository; `prepack` builds dist/ first. */
export function npmPack(args: readonly string[]): PackResult {
  const [result] = JSON.parse(run('npm', ['pack', '--json', '--loglevel=error', ...args], REPO_ROOT)) as PackResult[];
  return result;
}

/** The Node lines scripts/ci/node-lines.sh provides (installing the missing ones, cached). */
export function nodeLines(): NodeLine[] {
  return run('bash', [join(REPO_ROOT, 'scripts/ci/node-lines.sh')], REPO_ROOT)
    .trim()
    .split('\n')
    .map((line) => {
      const [major, binDir] = line.split(' ');
      return { major: Number(major), binDir };
    });
}

/** The version of a package installed in the repository (so the scratch project reuses npm's cache). */
export function repoVersionOf(name: string): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A scratch project under the temporary directory with the given packages installed. */
export function scratchProject(name: string, packages: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), `rxvirt-${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `rxvirt-${name}`, private: true }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages], dir);
  return dir;
}

/** Writes `files` (relative path → text) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
