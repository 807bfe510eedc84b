// The `rxvirt` executable as a real child process: the entry package.json's bin points at,
// bundled once from src as `npm run build` bundles it into dist/bin.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect } from '../../src/index.js';
import { virsh } from '../support/virsh.js';
import { compileCli, removeCompiledCli } from './support/compile-cli.js';

const URI = 'test+unix:///default';
const OUT = 'cli-spec';

interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('the rxvirt executable', () => {
  let entry: string;
  beforeAll(() => {
    entry = compileCli(OUT);
  });
  afterAll(() => removeCompiledCli(OUT));

  const run = (argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildRun> =>
    new Promise((resolve) => {
      execFile(process.execPath, [entry, ...argv], { env: { PATH: process.env.PATH, ...env }, timeout: 15_000 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      });
    });

  it("is package.json's bin, a node script", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ rxvirt: './dist/bin/rxvirt.cjs' });
    expect(readFileSync(join(__dirname, '..', '..', 'src', 'cli', 'main.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it("lists the domains as virsh does, with the URI from $LIBVIRT_DEFAULT_URI", async () => {
    expect(await run(['list', '--all'], { LIBVIRT_DEFAULT_URI: URI })).toEqual({ code: 0, stdout: virsh(URI, 'list', '--all'), stderr: '' });
  });

  it('exits 1 with one line and no stack for a missing domain', async () => {
    const { code, stdout, stderr } = await run(['-c', URI, 'dominfo', 'no-such-domain']);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.split('\n')).toEqual([expect.stringMatching(/^rxvirt: error: failed to get domain 'no-such-domain': .*VIR_ERR_NO_DOMAIN/), '']);
  });

  it('prints help for the tool and each command; no command is a usage error', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: expect.stringContaining('vol-download  download volume contents to a file'), stderr: '' });
    expect(await run(['vol-upload', '--help'])).toEqual({ code: 0, stdout: expect.stringMatching(/^Usage: rxvirt vol-upload VOL FILE \[--pool POOL\]/), stderr: '' });
    expect((await run([])).code).toBe(2);
  });

  it('runs the demo against the fake daemon when no daemon answers', async () => {
    const { code, stdout } = await run(['demo', '--cycles', '1'], { LIBVIRT_DEFAULT_URI: 'test+unix:///default?socket=/nonexistent/sock' });
    expect(code).toBe(0);
    expect(stdout).toContain("Using rxvirt's in-process fake daemon");
    expect(stdout).toContain('2 lifecycle events in');
  });

  it('ends an event loop on SIGINT and exits', async () => {
    const child = spawn(process.execPath, [entry, '-c', URI, 'event', '--loop', '--event', 'lifecycle'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Once it says its registration is live it is listening, and has its SIGINT handler.
    while (!stderr.includes('events registered: lifecycle\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    const actor = await firstValueFrom(connect(URI));
    const dom = await firstValueFrom(actor.domainLookupByName({ name: 'test' }));
    await firstValueFrom(actor.domainSuspend({ dom }), { defaultValue: undefined });
    await firstValueFrom(actor.domainResume({ dom }), { defaultValue: undefined });
    while (stdout.split('\n').length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await lastValueFrom(actor.close(), { defaultValue: undefined });
    expect(stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { eventName: string }).eventName)).toEqual([
      'VIR_DOMAIN_EVENT_SUSPENDED',
      'VIR_DOMAIN_EVENT_RESUMED',
    ]);
    expect(stderr).toBe('events registered: lifecycle\nevent loop interrupted\nevents received: 2\n');
  });
});
