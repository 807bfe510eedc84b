// What a user writes against the installed package: scripts that require and import every entry
// (run on each Node line), and TypeScript that must type-check without @types/node. Each file's
// `@ts-expect-error` proves the types are real: a declaration that resolved to `any` would make
// it unused, which is an error.
import { ENTRIES } from './support/packed-package.js';

const entries = JSON.stringify(ENTRIES);

/** Scripts run by Node: they print one JSON line. */
export const SCRIPTS = {
  // Every entry through require and through import: the same objects (one module instance).
  'entries.mjs': `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const report = {};
for (const entry of ${entries}) {
  const imported = await import(entry);
  const required = require(entry);
  const names = Object.keys(imported).filter((name) => name !== 'default' && name !== 'module.exports');
  report[entry] = { names: names.length, same: names.every((name) => imported[name] === required[name]) };
}
console.log(JSON.stringify(report));
`,
  // The README's quick start, through require, against the real daemon.
  'quick-start.cjs': `const { connect, LibvirtError } = require('rxvirt');
const { firstValueFrom, lastValueFrom } = require('rxjs');
(async () => {
  const conn = await firstValueFrom(connect('test+unix:///default'));
  const version = await firstValueFrom(conn.connectGetLibVersion());
  let error;
  try {
    await firstValueFrom(conn.domainLookupByName({ name: 'rxvirt-no-such-domain' }));
  } catch (err) {
    error = err instanceof LibvirtError ? err.codeName : String(err);
  }
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  console.log(JSON.stringify({ version: typeof version, error }));
})();
`,
  // The same through import, with the in-process fake daemon of rxvirt/testing.
  'fake-daemon.mjs': `import { FakeDaemon } from 'rxvirt/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
const conn = await firstValueFrom(new FakeDaemon().connect());
const { domains } = await firstValueFrom(conn.connectListAllDomains({ need_results: 1, flags: 0 }));
await lastValueFrom(conn.close(), { defaultValue: undefined });
console.log(JSON.stringify({ domains: domains.map((dom) => dom.name) }));
`,
  // Entries share their classes (one bundle chunk holds them): an error made by rxvirt/testing is
  // a LibvirtError of 'rxvirt', a fake daemon's connection a Connection of 'rxvirt'.
  'shared-classes.mjs': `import { Connection, GatewayCloseCode, LibvirtError } from 'rxvirt';
import { GatewayCloseCode as gatewayCloseCode } from 'rxvirt/gateway';
import { FakeDaemon, libvirtError } from 'rxvirt/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
const conn = await firstValueFrom(new FakeDaemon().connect());
const report = { error: libvirtError('VIR_ERR_NO_DOMAIN') instanceof LibvirtError, connection: conn instanceof Connection, gateway: gatewayCloseCode === GatewayCloseCode };
await lastValueFrom(conn.close(), { defaultValue: undefined });
console.log(JSON.stringify(report));
`,
  // ws, node:tls, node:http and node:child_process are loaded by the transport that first uses them,
  // not by import('rxvirt') (scripts/library/deferred/): each works once it is, from the package's
  // own place. A closed port refuses the WebSocket and the TLS connection (argv[2]: a pkipath);
  // a relay answering 403 refuses the upgrade; /bin/false ends an ext transport.
  'deferred-modules.mjs': `import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { firstValueFrom } from 'rxjs';
const require = createRequire(import.meta.url);
const builtin = (name) => process.moduleLoadList.includes(\`NativeModule \${name}\`);
const loaded = () => ({ ws: Object.keys(require.cache).some((path) => path.includes('/node_modules/ws/')), tls: builtin('tls'), http: builtin('http'), child_process: builtin('child_process') });
const { connect, nodeWebSocket } = await import('rxvirt');
const before = loaded();
const listening = async (server) => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
};
const closed = createServer();
const closedPort = await listening(closed);
await new Promise((resolve) => closed.close(resolve));
const relay = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\\r\\nContent-Length: 0\\r\\n\\r\\n')));
const relayPort = await listening(relay);
const failure = (uri) => firstValueFrom(connect(uri)).then(() => 'connected', (error) => \`\${error.name} \${error.code}\`);
const socketError = (url) => new Promise((resolve) => nodeWebSocket(url, []).addEventListener('error', (error) => resolve(\`\${error.code}: \${error.message}\`)));
const errors = {
  tls: await failure(\`test+tls://127.0.0.1:\${closedPort}/default?pkipath=\${process.argv[2]}\`),
  ext: await failure('test+ext:///default?command=/bin/false'),
  webSocket: await socketError(\`ws://127.0.0.1:\${relayPort}/\`),
};
relay.close();
console.log(JSON.stringify({ before, errors, after: loaded() }));
`,
} as const;

const quickStart = `import { connect, LibvirtError, type Connection } from 'rxvirt';
import { connectWebSocket } from 'rxvirt/browser';
import { FakeDaemon } from 'rxvirt/testing';
import { listenFakeDaemon } from 'rxvirt/testing/node';
import { firstValueFrom, lastValueFrom } from 'rxjs';

export async function quickStart(): Promise<void> {
  const conn: Connection = await firstValueFrom(connect('test+unix:///default'));
  const version: bigint = await firstValueFrom(conn.connectGetLibVersion());
  // @ts-expect-error the version is a bigint
  const wrong: string = await firstValueFrom(conn.connectGetLibVersion());
  const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
  await lastValueFrom(dom.suspend(), { defaultValue: undefined });
  try {
    await firstValueFrom(conn.domainLookupByName({ name: 'missing' }));
  } catch (err) {
    if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN') console.log(err.libvirtMessage);
  }
  console.log(version, wrong, typeof connectWebSocket, typeof listenFakeDaemon, new FakeDaemon());
  await lastValueFrom(conn.close(), { defaultValue: undefined });
}
`;

const strict = { strict: true, target: 'ES2022', lib: ['ES2022', 'DOM'], skipLibCheck: false, noEmit: true };

/** Consumer TypeScript: `types: []` and no @types/node installed, except for rxvirt/node-streams. */
export function typeScriptSources(nodeTypesRoot: string): Record<string, string> {
  return {
    'quick-start.mts': quickStart,
    'quick-start.ts': quickStart,
    'require.cts': `import { connect, LibvirtError } from 'rxvirt';
import { FakeDaemon } from 'rxvirt/testing';
export const used: [typeof connect, typeof LibvirtError, typeof FakeDaemon] = [connect, LibvirtError, FakeDaemon];
// @ts-expect-error connect takes a URI string
connect(42);
`,
    'node-streams.mts': `import { fromReadable, toReadable } from 'rxvirt/node-streams';
import type { Readable } from 'node:stream';
import { EMPTY } from 'rxjs';
export const readable: Readable = toReadable(EMPTY);
export const chunks = fromReadable(readable);
// @ts-expect-error fromReadable takes a Readable
fromReadable('file.img');
`,
    'tsconfig.nodenext.json': JSON.stringify({ compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext', types: [] }, files: ['quick-start.mts', 'require.cts'] }),
    'tsconfig.bundler.json': JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', types: [] }, files: ['quick-start.ts'] }),
    'tsconfig.node-streams.json': JSON.stringify({
      compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext', typeRoots: [nodeTypesRoot], types: ['node'] },
      files: ['node-streams.mts'],
    }),
  };
}
