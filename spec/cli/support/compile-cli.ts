import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Bundles the CLI from `src/` under `build/<name>/` with the script `npm run build` uses for
 * package.json's bin (scripts/cli/bundle.mjs; inside the package, so that Node finds ws) and
 * returns the path of its entry: the specs run the executable users get. Type-checking is
 * `npm run lint`'s job; this takes well under a second.
 */
export function compileCli(name: string): string {
  const out = join(ROOT, 'build', name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'cli', 'bundle.mjs'), out], { stdio: 'inherit' });
  return join(out, 'rxvirt.cjs');
}

/** Removes what {@link compileCli} wrote. */
export function removeCompiledCli(name: string): void {
  rmSync(join(ROOT, 'build', name), { recursive: true, force: true });
}
