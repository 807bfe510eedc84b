// An esbuild plugin for the library's and the CLI's bundles (scripts/library/bundle.mjs,
// scripts/cli/bundle.mjs): each module below is imported by one transport and costs every start
// milliseconds (ws about 15 on Node 20), so that importer's import is bundled as one of these shims,
// which loads the module when first used. The sources keep their plain imports (Jest and tsc see
// those); the published package defers them (spec/package/packed-tarball.spec.ts checks that
// import('rxvirt') loads none, and that each works). A shim covers the names imported today: a new
// named import fails the build (no such export in the shim).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

/** importer (from the repository) → specifier → shim in this directory. */
const DEFERRED = {
  'src/transport/node/node-websocket.ts': { ws: 'ws.mjs', 'node:http': 'node-http.mjs' },
  'src/transport/node/tls-transport.ts': { 'node:tls': 'node-tls.mjs' },
  'src/transport/node/command-transport.ts': { 'node:child_process': 'node-child-process.mjs' },
};

const byImporter = new Map(Object.entries(DEFERRED).map(([importer, shims]) => [join(root, importer), shims]));

export const deferredImports = {
  name: 'deferred-imports',
  setup(build) {
    build.onResolve({ filter: /^(ws|node:(tls|http|child_process))$/ }, ({ path, importer }) => {
      const shim = byImporter.get(importer)?.[path];
      return shim === undefined ? undefined : { path: join(here, shim) };
    });
  },
};
