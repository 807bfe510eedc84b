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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = process.argv[2] ?? join(root, 'dist');

/** Output path (without .js) → source: the files package.json `exports` names. */
export const LIBRARY_ENTRIES = {
  index: 'src/index.ts',
  browser: 'src/browser.ts',
  'gateway/index': 'src/gateway/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/node/index': 'src/testing/node/index.ts',
  'node-streams': 'src/node-streams.ts',
};

/** The Node transport's `ws` import, made lazy (scripts/library/lazy-ws.mjs); other importers of ws keep it. */
const lazyWs = {
  name: 'lazy-ws',
  setup(build) {
    build.onResolve({ filter: /^ws$/ }, ({ importer }) =>
      importer.endsWith(join('src', 'transport', 'node', 'node-websocket.ts')) ? { path: join(root, 'scripts', 'library', 'lazy-ws.mjs') } : undefined,
    );
  },
};

await build({
  entryPoints: Object.fromEntries(Object.entries(LIBRARY_ENTRIES).map(([out, source]) => [out, join(root, source)])),
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'neutral',
  // Every bare specifier (rxjs, ws) and node:* stays an import, resolved in the user's install.
  packages: 'external',
  external: ['node:*'],
  // tsconfig.json's target: the same syntax tsc emitted before.
  target: 'es2022',
  // Files beside their .js.map, whose sources (../src/...) carry their content, as tsc's did.
  sourcemap: 'linked',
  sourcesContent: true,
  plugins: [lazyWs],
  logLevel: 'warning',
});
