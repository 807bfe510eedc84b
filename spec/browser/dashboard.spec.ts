// The dashboard (examples/dashboard) in headless Chromium, served by `rxvirt gateway` (the CLI, a
// child process) and driving the real daemon through it, on a private test-driver instance: the
// domain list, suspend and resume seen through lifecycle events, a screenshot; and what the
// gateway turns away: a page from a foreign Origin, a missing or wrong token (before any libvirt
// frame), a read-only token's suspend (denied by the daemon, a typed LibvirtError in the page).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { compileCli, removeCompiledCli } from '../cli/support/compile-cli.js';
import { type Chromium, launchChromium } from '../support/chromium.js';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.js';
import { type TestDriverNode, writeTestDriverNode } from '../support/test-driver-node.js';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
const OUT = 'browser-spec';
const FULL = 'browser-full-0123456789abcdef';
const READ_ONLY = 'browser-read-only-0123456789';

describe('the dashboard in Chromium, through rxvirt gateway', () => {
  let dir: string;
  let node: TestDriverNode;
  let gateway: GatewayProcess | undefined;
  let browser: Chromium | undefined;
  let foreign: Server | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-browser-'));
    node = writeTestDriverNode(['alpha', 'beta']);
    execFileSync(process.execPath, [join(ROOT, 'examples/dashboard/build.mjs'), join(dir, 'site')], { cwd: ROOT, stdio: 'pipe' });
    writeFileSync(join(dir, 'tokens'), `operator full ${FULL}\nviewer read-only ${READ_ONLY}\n`);
    chmodSync(join(dir, 'tokens'), 0o600);
    gateway = await startGatewayProcess(compileCli(OUT), ['--tokens', join(dir, 'tokens'), '--static', join(dir, 'site')]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await new Promise((done) => (foreign ? foreign.close(done) : done(undefined)));
    node?.remove();
    rmSync(dir, { recursive: true, force: true });
    removeCompiledCli(OUT);
  });

  /** Opens the dashboard and connects with `token` to the private test driver. */
  async function dashboard(token: string): Promise<Page> {
    const page = await (browser as Chromium).context.newPage();
    await page.goto((gateway as GatewayProcess).pageUrl);
    await page.fill('#token', token);
    await page.fill('#uri', node.uri);
    await page.click('#connect button[type=submit]');
    return page;
  }

  const state = (page: Page, domain: string): Promise<string | null> => page.textContent(`tr[data-domain="${domain}"] td.state`);

  it('lists the domains, suspends and resumes one (rows follow lifecycle events), shows its screenshot', async () => {
    const page = await dashboard(FULL);
    try {
      await page.waitForSelector('tr[data-domain="beta"]');
      const rows = await page.locator('#domains tbody tr').all();
      expect(await Promise.all(rows.map((row) => row.getAttribute('data-domain')))).toEqual(['alpha', 'beta']);
      expect(await state(page, 'alpha')).toBe('running');

      await page.click('tr[data-domain="alpha"] button[data-action="suspend"]');
      await page.waitForSelector('tr[data-domain="alpha"] td.state[data-state="paused"]');
      expect(await page.textContent('tr[data-domain="alpha"] td.event')).toBe('suspended');
      expect(await state(page, 'beta')).toBe('running');

      await page.click('tr[data-domain="alpha"] button[data-action="resume"]');
      await page.waitForSelector('tr[data-domain="alpha"] td.state[data-state="running"]');
      expect(await page.textContent('tr[data-domain="alpha"] td.event')).toBe('resumed');

      await page.click('tr[data-domain="alpha"] button[data-action="screenshot"]');
      // Runs in the page (a function: the page's CSP forbids evaluating strings): the blob decoded as an image.
      await page.waitForFunction(() => {
        const img = (globalThis as unknown as PageGlobals).document.querySelector('#screenshot');
        return img !== null && img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;
      });
      expect(await page.textContent('#screen figcaption')).toMatch(/^alpha: image\/png, \d+ bytes$/);
      const png = await page.screenshot({ fullPage: true });
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      writeFileSync(join(dir, 'dashboard.png'), png);
    } finally {
      await page.close();
    }
  });

  it('a read-only token cannot suspend: the daemon denies it and the page gets a typed LibvirtError', async () => {
    const page = await dashboard(READ_ONLY);
    try {
      await page.waitForSelector('tr[data-domain="alpha"]');
      await page.click('tr[data-domain="alpha"] button[data-action="suspend"]');
      await page.waitForSelector('#status[data-error-name]');
      expect(await page.getAttribute('#status', 'data-error-name')).toBe('LibvirtError');
      expect(await page.getAttribute('#status', 'data-code-name')).toBe('VIR_ERR_OPERATION_DENIED');
      expect(await page.textContent('#status')).toContain('read only access prevents virDomainSuspend');
      expect(await state(page, 'alpha')).toBe('running');
      expect((gateway as GatewayProcess).log()).toMatch(/token viewer \(read-only\): relaying to \/run\/libvirt\/libvirt-sock-ro/);
    } finally {
      await page.close();
    }
  });

  it('a wrong token is refused before any libvirt frame, and the page says why', async () => {
    const page = await (browser as Chromium).context.newPage();
    const received: number[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => received.push(typeof frame.payload === 'string' ? frame.payload.length : frame.payload.length)));
    try {
      await page.goto((gateway as GatewayProcess).pageUrl);
      await page.fill('#token', 'wrong-token-0123456789abcdef');
      await page.click('#connect button[type=submit]');
      await page.waitForSelector('#status[data-error-name]');
      expect(await page.textContent('#status')).toContain('code 4401, unauthorized: missing or unknown token');
      expect(['TransportError', 'ConnectionClosedError']).toContain(await page.getAttribute('#status', 'data-error-name'));
      expect(received).toEqual([]);
      expect((gateway as GatewayProcess).log()).toMatch(/refused: unknown token \(close 4401\)/);
    } finally {
      await page.close();
    }
  });

  it('a WebSocket with no token is closed with 4401, having received nothing', async () => {
    const page = await (browser as Chromium).context.newPage();
    try {
      await page.goto((gateway as GatewayProcess).pageUrl);
      const outcome = await page.evaluate(attempt, { url: (gateway as GatewayProcess).url, protocols: ['rxvirt'] });
      expect(outcome).toEqual({ opened: true, messages: 0, code: 4401 });
    } finally {
      await page.close();
    }
  });

  it('a page from a foreign Origin is refused, even with a good token', async () => {
    foreign = createServer((_request, response) => response.end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((done) => (foreign as Server).listen(0, '127.0.0.1', done));
    const page = await (browser as Chromium).context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${((foreign as Server).address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(attempt, { url: (gateway as GatewayProcess).url, protocols: ['rxvirt', `rxvirt.token.${FULL}`] });
      expect(outcome).toEqual({ opened: false, messages: 0, code: 1006 });
      expect((gateway as GatewayProcess).log()).toMatch(/origin http:\/\/127\.0\.0\.1:\d+: refused: origin not allowed \(HTTP 403\)/);
    } finally {
      await page.close();
    }
  });
});

/** What the page function above reads (this file is compiled without lib DOM). */
interface PageGlobals {
  readonly document: { querySelector(selector: string): { readonly src: string; readonly complete: boolean; readonly naturalWidth: number } | null };
}

/** Runs in the page: opens a WebSocket, and reports whether it opened, what came, how it closed. */
function attempt({ url, protocols }: { url: string; protocols: string[] }): Promise<{ opened: boolean; messages: number; code: number }> {
  return new Promise((done) => {
    const socket = new WebSocket(url, protocols);
    let opened = false;
    let messages = 0;
    socket.onopen = () => (opened = true);
    socket.onmessage = () => messages++;
    socket.onclose = (event) => done({ opened, messages, code: event.code });
  });
}
