// Bundles the dashboard for a browser: `node examples/dashboard/build.mjs OUT_DIR` writes
// OUT_DIR/index.html, style.css and main.js (minified, ES2022), then prints main.js's size,
// minified and gzipped, and the share of libvirt's generated tables in it.
/* global process, console */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (out === undefined) {
  console.error('usage: node examples/dashboard/build.mjs OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(out, 'main.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  metafile: true,
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) copyFileSync(join(here, file), join(out, file));

const bundle = readFileSync(join(out, 'main.js'));
const inputs = Object.values(result.metafile.outputs)[0].inputs;
const share = (prefix) => Object.entries(inputs).filter(([path]) => path.startsWith(prefix)).reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`${relative(process.cwd(), join(out, 'main.js'))}: ${kib(bundle.length)} minified, ${kib(gzipSync(bundle, { level: 9 }).length)} gzip`);
console.log(`  of which src/generated/remote ${kib(share('src/generated/remote/'))}, src/generated/libvirt ${kib(share('src/generated/libvirt/'))}, rxjs ${kib(share('node_modules/rxjs/'))}`);
