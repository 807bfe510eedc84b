// Bundles the `rxvirt` executable (package.json `bin`) into OUT_DIR (default dist/bin): the tool
// as one CommonJS file, rxvirt-cli.cjs, with rxjs inside (the library's own bundle,
// scripts/library/bundle.mjs, keeps rxjs a peer dependency), and rxvirt.cjs, the executable, which
// turns on Node's compile cache and requires it. CommonJS, not ES modules: Node 20 loads one
// CommonJS file 10 to 15 ms faster than the same code as a dozen ES module chunks (resolving,
// linking and the ES module loader), and Node 22/24 a few ms faster. Each command's modules are
// evaluated when it runs (esbuild wraps what only a dynamic import reaches), and V8 compiles a
// function when first called: the one file costs `--help` 2 to 3 ms (BENCHMARKS.md).
//
//   node scripts/cli/bundle.mjs [OUT_DIR]
/* global process */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_BUNDLE_OPTIONS } from '../esbuild-base.mjs';
import { deferredImports } from '../library/deferred/plugin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outdir = process.argv[2] ?? join(root, 'dist', 'bin');
/** The tool's bundle, as src/cli/main.ts requires it. */
const TOOL = 'rxvirt-cli.cjs';

const commonJs = {
  ...SHARED_BUNDLE_OPTIONS,
  format: 'cjs',
  target: 'node20',
};

await Promise.all([
  build({
    ...commonJs,
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: join(outdir, 'rxvirt.cjs'),
    external: ['node:*', `./${TOOL}`],
  }),
  build({
    ...commonJs,
    entryPoints: [join(root, 'src', 'cli', 'run.ts')],
    outfile: join(outdir, TOOL),
    // Neutral, not node: the node condition would pick rxjs's CommonJS build, which is not
    // tree-shaken; es2015 picks its ES modules, of which only what the tool uses is kept.
    conditions: ['es2015'],
    mainFields: ['es2015', 'module', 'main'],
    // Node's own modules, and ws: a dependency of the package, installed beside it.
    external: ['node:*', 'ws'],
    define: { 'import.meta.url': 'importMetaUrl' },
    inject: [join(here, 'import-meta-url.js')],
    // As in the library: ws, node:tls, node:http and node:child_process load when a transport first
    // uses them (about 20 ms of `list` over a unix socket otherwise).
    plugins: [deferredImports],
  }),
]);
