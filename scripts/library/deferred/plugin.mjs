// An esbuild plugin for the library bundle (scripts/library/bundle.mjs): the modules below are
// imported by one transport each and cost a start more than the rest of it, so in that importer's
// bundle the import is one of these shims, which loads the module when first used. The sources keep
// their plain imports (Jest and tsc see those); the published package is what defers them
// (spec/package/packed-tarball.spec.ts checks they are not loaded by import('rxvirt')).
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
