// `rxvirt gateway` from the command line: tokens from a file or the environment, static files,
// Ctrl-C to stop, and clear errors for a bad command line.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connectWebSocket } from '../../src/index.js';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.js';
import { writeTestDriverNode } from '../support/test-driver-node.js';
import { compileCli, removeCompiledCli } from './support/compile-cli.js';
import { runCli } from './support/run-cli.js';

const OUT = 'cli-gateway-spec';
const TOKEN = 'cli-spec-token-0123456789';

describe('rxvirt gateway (command line)', () => {
  let entry: string;
  let dir: string;
  let gateway: GatewayProcess;
  beforeAll(async () => {
    entry = compileCli(OUT);
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-cli-gateway-'));
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site/index.html'), '<!doctype html><title>dash</title>\n');
    writeFileSync(join(dir, 'secret.txt'), 'not to be served\n');
    writeFileSync(join(dir, 'tokens'), `# who   policy     token\nviewer  read-only  ${TOKEN}\n`);
    chmodSync(join(dir, 'tokens'), 0o644);
    gateway = await startGatewayProcess(entry, ['--tokens', join(dir, 'tokens'), '--static', join(dir, 'site')]);
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
    removeCompiledCli(OUT);
  });

  it('warns about a token file others can read', () => {
    expect(gateway.log()).toContain(`warning: ${join(dir, 'tokens')} is readable by others (mode 644)`);
  });

  it('serves the static directory with restrictive headers, and nothing outside it', async () => {
    const page = await fetch(gateway.pageUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>dash</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(new URL('/../secret.txt', gateway.pageUrl))).status).toBe(404);
    expect((await fetch(new URL('/%2e%2e/secret.txt', gateway.pageUrl))).status).toBe(404);
    expect((await fetch(new URL('/nothing.js', gateway.pageUrl))).status).toBe(404);
  });

  it('allows its own origin and relays a token from the file to the read-only socket', async () => {
    expect(gateway.log()).toMatch(/origins allowed: http:\/\/127\.0\.0\.1:\d+ http:\/\/localhost:\d+/);
    const node = writeTestDriverNode(['solo']);
    const conn = await firstValueFrom(connectWebSocket(gateway.url, { token: TOKEN, uri: node.uri }));
    try {
      await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
      node.remove();
    }
    expect(gateway.log()).toMatch(/token viewer \(read-only\): relaying to \/run\/libvirt\/libvirt-sock-ro/);
    expect(gateway.log()).not.toContain(TOKEN);
  });

  it('takes tokens from $RXVIRT_GATEWAY_TOKENS and stops on Ctrl-C with status 0', async () => {
    const other = await startGatewayProcess(entry, [], { RXVIRT_GATEWAY_TOKENS: `a full ${TOKEN}-a; b read-only ${TOKEN}-b` });
    expect(other.log()).toContain('origins allowed: none (non-browser clients only)');
    await expect(other.stop()).resolves.toBe(0);
  });

  it('reports a missing token list and a bad one as one line', async () => {
    const none = await runCli(['gateway', '--port', '0']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no tokens: give --tokens FILE or set $RXVIRT_GATEWAY_TOKENS');
    const bad = await runCli(['gateway', '--port', '0'], { env: { RXVIRT_GATEWAY_TOKENS: 'a root x' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("rxvirt: error: $RXVIRT_GATEWAY_TOKENS, entry 1: policy 'root' is not one of read-only, full (GatewayConfigError)\n");
  });
});
