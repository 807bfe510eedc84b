// WebSocket clients compared through websockify to the shared daemon: the `ws` package's (what
// connectWebSocket uses on Node 20) and Node's global WebSocket (Node 22+). Same relay, same
// calls, alternating rounds; prints a Markdown table of medians. (Until the commit that replaced
// it, this also measured rxvirt's own RFC 6455 client: see BENCHMARKS.md.)
//
//   npm run bench:websocket [-- --rounds 5]
import { spawn } from 'node:child_process';
import { connect as netConnect, createServer } from 'node:net';
import { firstValueFrom, lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { connectWebSocket, nodeWebSocket, type WebSocketFactory, type WebSocketLike } from '../src/index.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const OPENS = 20;
const SEQUENTIAL_CALLS = 2_000;
const INFLIGHT_CALLS = 20_000;
const CONCURRENCY = 64;

type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

function clients(): Map<string, WebSocketFactory> {
  const found = new Map<string, WebSocketFactory>([['ws', nodeWebSocket]]);
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) found.set('global WebSocket', (url, protocols) => new global(url, protocols));
  return found;
}

/** A loopback port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`websockify did not listen on ${port}`);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Round {
  readonly openMs: number;
  readonly sequentialPerSecond: number;
  readonly inflightPerSecond: number;
}

async function measure(url: string, webSocket: WebSocketFactory): Promise<Round> {
  const opens: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    const started = performance.now();
    const conn = await firstValueFrom(connectWebSocket(url, { uri: 'test:///default', webSocket }));
    opens.push(performance.now() - started);
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
  const conn = await firstValueFrom(connectWebSocket(url, { uri: 'test:///default', webSocket }));
  for (let i = 0; i < 200; i++) await firstValueFrom(conn.connectGetLibVersion()); // warm-up
  let started = performance.now();
  for (let i = 0; i < SEQUENTIAL_CALLS; i++) await firstValueFrom(conn.connectGetLibVersion());
  const sequentialPerSecond = SEQUENTIAL_CALLS / ((performance.now() - started) / 1000);
  started = performance.now();
  await firstValueFrom(range(0, INFLIGHT_CALLS).pipe(mergeMap(() => conn.connectGetLibVersion(), CONCURRENCY), toArray()));
  const inflightPerSecond = INFLIGHT_CALLS / ((performance.now() - started) / 1000);
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  return { openMs: median(opens), sequentialPerSecond, inflightPerSecond };
}

async function main(): Promise<void> {
  const port = await freePort();
  const relay = spawn('websockify', [`127.0.0.1:${port}`, '--unix-target=/run/libvirt/libvirt-sock'], { stdio: 'ignore' });
  try {
    await waitForPort(port);
    const url = `ws://127.0.0.1:${port}`;
    const found = clients();
    const results = new Map<string, Round[]>([...found.keys()].map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, factory] of found) results.get(name)?.push(await measure(url, factory));
    }
    console.log(`Node ${process.version}, ${rounds} rounds, medians; websockify to test:///default\n`);
    console.log('| client | open (ms) | sequential calls/s | calls/s, 64 in flight |');
    console.log('|---|---:|---:|---:|');
    for (const [name, list] of results) {
      const open = median(list.map((r) => r.openMs)).toFixed(1);
      const sequential = Math.round(median(list.map((r) => r.sequentialPerSecond)));
      const inflight = Math.round(median(list.map((r) => r.inflightPerSecond)));
      console.log(`| ${name} | ${open} | ${sequential} | ${inflight} |`);
    }
  } finally {
    relay.kill('SIGTERM');
  }
}

await main();
