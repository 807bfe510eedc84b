// Bundles the `rxvirt` executable (package.json `bin`) into OUT_DIR (default dist/bin): one
// small entry module, each command in its own chunk loaded when it runs, rxjs inside (the
// library's own bundle, scripts/library/bundle.mjs, keeps rxjs a peer dependency). A bundle starts
// several times faster than ~140 separate modules plus rxjs's ~220 CommonJS files.
//
//   node scripts/cli/bundle.mjs [OUT_DIR]
/* global process */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_BUNDLE_OPTIONS } from '../esbuild-base.mjs';
import { deferredImports } from '../library/deferred/plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = process.argv[2] ?? join(root, 'dist', 'bin');

await build({
  entryPoints: { rxvirt: join(root, 'src', 'cli', 'main.ts') },
  outdir,
  ...SHARED_BUNDLE_OPTIONS,
  // Neutral, not node: the node condition would pick rxjs's CommonJS build, which is not
  // tree-shaken; es2015 picks its ES modules, of which only what the tool uses is kept.
  conditions: ['es2015'],
  mainFields: ['es2015', 'module', 'main'],
  target: 'node20',
  // Node's own modules, and ws: a dependency of the package, installed beside it (CommonJS,
  // which an ESM bundle cannot inline).
  external: ['node:*', 'ws'],
  // As in the library: ws, node:tls, node:http and node:child_process load when a transport first
  // uses them (about 20 ms of `list` over a unix socket otherwise).
  plugins: [deferredImports],
});
