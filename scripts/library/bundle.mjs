// Bundles the library's public entries (package.json `exports`) into OUT_DIR (default dist): one
// ES module per entry plus shared chunks, so that a class several entries export (LibvirtError
// from 'rxvirt' and from 'rxvirt/testing') is one class, and `instanceof` holds across them.
// Every package import (rxjs, a peer dependency; ws, a dependency) and Node's own modules stay
// imports: nothing of another package is inside. Importing a few files starts much faster than
// Node resolving, reading and linking ~140 modules (BENCHMARKS.md, bench:startup). The types are
// tsc's declarations (tsconfig.build.json), written beside these files.
//
//   node scripts/library/bundle.mjs [OUT_DIR]
/* global process */
import { build } from 'esbuild';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_BUNDLE_OPTIONS, SPLIT_ESM_OPTIONS } from '../esbuild-base.mjs';
import { deferredImports } from './deferred/plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = resolve(process.argv[2] ?? join(root, 'dist'));

/** Output path (without .js) → source: the files package.json `exports` names. */
const ENTRIES = {
  index: 'src/index.ts',
  browser: 'src/browser.ts',
  'gateway/index': 'src/gateway/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/node/index': 'src/testing/node/index.ts',
  'node-streams': 'src/node-streams.ts',
};

/**
 * The generated programs src/browser.ts exports as namespaces (`export * as remote from ...`) that
 * are modules of their own here. Bundled, a namespace is an object with a getter per name: for
 * remote's ~1,500, 3 to 9 ms of `import('rxvirt')` on Node 20. As a module (namespaces/remote.js,
 * its code in the shared chunks), the chunk holding src/browser.ts re-exports the module namespace
 * Node makes. qemu, lxc and admin (~110 names between them) stay objects: an entry point each
 * would split the shared chunks into 7 more files to load, which costs more than their getters.
 */
const NAMESPACES = ['remote'];
const NAMESPACE_FROM_CHUNKS = (program) => `../namespaces/${program}.js`;

const nativeNamespaces = {
  name: 'native-namespaces',
  setup(build) {
    build.onResolve({ filter: /^\.\/generated\/\w+\/index\.js$/ }, ({ path, importer }) => {
      const program = path.split('/')[2];
      if (importer !== join(root, 'src', 'browser.ts') || !NAMESPACES.includes(program)) return undefined;
      return { path: NAMESPACE_FROM_CHUNKS(program), external: true };
    });
  },
};

const result = await build({
  entryPoints: {
    ...Object.fromEntries(Object.entries(ENTRIES).map(([out, source]) => [out, join(root, source)])),
    ...Object.fromEntries(NAMESPACES.map((program) => [`namespaces/${program}`, join(root, 'src', 'generated', program, 'index.ts')])),
  },
  outdir,
  // Minified whitespace and syntax: a fifth less to compile, about 1.5 ms of import('rxvirt') on Node 20.
  ...SHARED_BUNDLE_OPTIONS,
  ...SPLIT_ESM_OPTIONS,
  // Every bare specifier (rxjs, ws) and node:* stays an import, resolved in the user's install.
  packages: 'external',
  external: ['node:*'],
  // tsconfig.json's target: the same syntax tsc emitted before.
  target: 'es2022',
  // Files beside their .js.map, whose sources (../src/...) carry their content, as tsc's did.
  sourcemap: 'linked',
  sourcesContent: true,
  // ws, node:tls, node:http and node:child_process load when a transport first uses them.
  plugins: [deferredImports, nativeNamespaces],
  metafile: true,
  absWorkingDir: root,
});

// A relative import esbuild kept (a namespace module) must name a file it wrote: esbuild decides
// which output holds the re-export, and the path above assumes one in chunks/.
const written = new Set(Object.keys(result.metafile.outputs).map((path) => resolve(root, path)));
for (const [output, { imports }] of Object.entries(result.metafile.outputs)) {
  for (const { path, external } of imports) {
    if (!external || !path.startsWith('.')) continue;
    const target = resolve(root, dirname(output), path);
    if (!written.has(target)) throw new Error(`${output} imports ${path}, which the bundle does not hold (${relative(root, target)})`);
  }
}
