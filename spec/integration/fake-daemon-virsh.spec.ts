// libvirt's own client (virsh) against the fake daemon on a unix socket, compared line for line
// with what the same commands print against libvirtd's test driver. The reference is a private
// libvirtd with the test driver alone (its test:///default state is its own, so suspending there
// disturbs nobody, and it loads no qemu or network driver to meddle with the host), given the
// fake's volumes; the fake prints the same, hostname and CPU time aside, and no `error:` line.
import { execFile, spawn } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, type Connection } from '../../src/index.js';
import { FakeDaemon, pattern } from '../../src/testing/index.js';
import { type FakeDaemonListener, listenFakeDaemon } from '../../src/testing/node/index.js';
import { type PrivateDaemon, startPrivateDaemon } from '../support/private-daemon.js';

interface VirshRun {
  readonly stdout: string;
  readonly stderr: string;
}

const run = promisify(execFile);

describe('virsh against the fake daemon and against the test driver', () => {
  const daemon = new FakeDaemon();
  let dir: string;
  let listener: FakeDaemonListener | undefined;
  let reference: PrivateDaemon | undefined;
  /** Holds the reference's test:///default alive (the test driver drops its state with the last connection). */
  let referenceConn: Connection | undefined;
  const fakeUri = (): string => `test+unix:///default?socket=${join(dir, 'sock')}`;
  const referenceUri = (): string => `test+unix:///default?socket=${join(reference?.dir ?? '', 'libvirt-sock')}`;

  // Asynchronous: the fake daemon runs on this process's event loop, which execFileSync would block.
  const virsh = async (uri: string, ...args: string[]): Promise<VirshRun> => {
    try {
      const { stdout, stderr } = await run('virsh', ['-c', uri, ...args], { timeout: 20_000 });
      return { stdout, stderr };
    } catch (err) {
      const failed = err as VirshRun & Error;
      return { stdout: failed.stdout ?? '', stderr: failed.stderr || failed.message };
    }
  };
  const onFake = (...args: string[]): Promise<VirshRun> => virsh(fakeUri(), ...args);
  const onReference = (...args: string[]): Promise<VirshRun> => virsh(referenceUri(), ...args);

  /** What may differ between two daemons: the socket in the URI, the CPU time the test driver takes from the clock. */
  const normalized = (output: string, uri: string): string =>
    output
      .split(uri)
      .join('URI')
      .replace(/^(CPU time:\s+)\S+$/m, '$1T');

  /** Runs the command on both daemons: the same output, and no error from either. */
  const expectSameOutput = async (...args: string[]): Promise<string> => {
    const [fake, real] = await Promise.all([onFake(...args), onReference(...args)]);
    expect(fake.stderr).toBe('');
    expect(real.stderr).toBe('');
    const expected = normalized(real.stdout, referenceUri());
    expect(normalized(fake.stdout, fakeUri())).toBe(expected);
    return fake.stdout;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-fake-'));
    listener = await listenFakeDaemon(daemon, join(dir, 'sock'));
    reference = await startPrivateDaemon([], { testDriverOnly: true });
    referenceConn = await firstValueFrom(connect(referenceUri()));
    // The test driver's pool starts empty: it gets the fake's volumes, with their sizes (no data:
    // the test driver has no volume streams).
    for (const volume of daemon.storage.pool('default-pool').volumes) {
      const created = await onReference('vol-create-as', 'default-pool', volume.name, String(volume.capacity), '--allocation', String(volume.allocation));
      expect(created.stderr).toBe('');
    }
  });
  afterAll(async () => {
    // Whatever beforeAll got to start, stopped.
    if (referenceConn) await lastValueFrom(referenceConn.close(), { defaultValue: undefined });
    await reference?.stop();
    await listener?.close();
    daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(
    [
    ['version'],
    ['uri'],
    ['list', '--all'],
    ['list', '--all', '--name'],
    ['dominfo', 'test'],
    ['domstate', 'test'],
    ['domstate', 'test', '--reason'],
    ['dumpxml', 'test'],
    ['nodeinfo'],
    ['capabilities'],
    ['sysinfo'],
    ['pool-list'],
    ['pool-list', '--all', '--details'],
    ['pool-info', 'default-pool'],
    ['vol-list', 'default-pool'],
    ['vol-list', 'default-pool', '--details'],
    ['vol-info', '--pool', 'default-pool', 'sparse.img'],
    ['vol-info', '/default-pool/empty.img'],
    ['domstats'],
    ['domstats', 'test'],
    ].map((args) => [args.join(' '), args]),
  )('virsh %s', async (_command, args) => {
    await expectSameOutput(...args);
  });

  it('virsh hostname', async () => {
    expect(await onFake('hostname')).toEqual({ stdout: `${daemon.identity.hostname}\n\n`, stderr: '' });
  });

  it('virsh suspend and resume, with the events of virsh event --loop', async () => {
    // The listeners first; the changes once they are registered.
    const events = Promise.all([onFake('event', '--all', '--loop', '--timeout', '3'), onReference('event', '--all', '--loop', '--timeout', '3')]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expectSameOutput('suspend', 'test');
    await expectSameOutput('domstate', 'test', '--reason');
    await expectSameOutput('resume', 'test');
    await expectSameOutput('domstate', 'test', '--reason');
    await expectSameOutput('dominfo', 'test');
    const [fake, real] = await events;
    expect(fake).toEqual(real);
    expect(fake.stdout).toContain("event 'lifecycle' for domain 'test': Suspended Paused");
  });

  it('virsh screenshot', async () => {
    const fakeFile = join(dir, 'fake.png');
    const realFile = join(dir, 'real.png');
    const [fake, real] = await Promise.all([onFake('screenshot', 'test', fakeFile), onReference('screenshot', 'test', realFile)]);
    expect(fake.stderr).toBe('');
    expect(fake.stdout.replace(fakeFile, 'FILE')).toBe(real.stdout.replace(realFile, 'FILE'));
    // A PNG, though not the test driver's picture.
    expect(readFileSync(fakeFile).subarray(0, 8)).toEqual(readFileSync(realFile).subarray(0, 8));
  });

  // The test driver has no volume streams (virStorageVolDownload is "not supported"): these
  // compare with the fake's own volumes.
  it.each([
    ['', []],
    ['--sparse', ['--sparse']],
  ])('virsh vol-download %s', async (_flags, flags: string[]) => {
    const file = join(dir, `download${flags.join('')}`);
    const volume = daemon.storage.pool('default-pool').volume('sparse.img');
    expect(await onFake('vol-download', '--pool', 'default-pool', 'sparse.img', file, ...flags)).toEqual({ stdout: '\n', stderr: '' });
    // Buffer's equals: Jest's toEqual takes seconds over megabytes.
    expect(readFileSync(file).equals(volume.read())).toBe(true);
    // With --sparse, virsh got holes and left them unwritten: far fewer blocks than the 4 MiB.
    if (flags.length > 0) expect(statSync(file).blocks * 512).toBeLessThan(volume.capacity / 2);
  });

  it.each([
    ['', []],
    ['--sparse', ['--sparse']],
  ])('virsh vol-upload %s', async (_flags, flags: string[]) => {
    // A sparse file of 1 MiB with two runs of data, so that --sparse has holes to send.
    const file = join(dir, `upload${flags.join('')}`);
    const bytes = new Uint8Array(1024 * 1024);
    bytes.set(pattern(5000, 3), 4096);
    bytes.set(pattern(700, 5), 900_000);
    const fd = openSync(file, 'w');
    writeSync(fd, bytes, 4096, 5000, 4096);
    writeSync(fd, bytes, 900_000, 700, 900_000);
    ftruncateSync(fd, bytes.length);
    closeSync(fd);
    expect(await onFake('vol-upload', '--pool', 'default-pool', 'empty.img', file, ...flags)).toEqual({ stdout: '\n', stderr: '' });
    const volume = daemon.storage.pool('default-pool').volume('empty.img');
    expect(Buffer.from(volume.read()).equals(bytes)).toBe(true);
    // The holes arrived as holes with --sparse, as zeros without.
    if (flags.length > 0) expect(volume.allocation).toBeLessThan(64 * 1024);
    else expect(volume.allocation).toBe(bytes.length);
  });

  it('virsh console, on a terminal: the fake guest echoes what is typed', async () => {
    // virsh wants a terminal for a console: script(1) gives it one.
    const child = spawn('script', ['-qec', `virsh -c '${fakeUri()}' console test`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const waitFor = async (text: string): Promise<void> => {
      for (let tries = 0; !output.includes(text); tries++) {
        if (tries > 100) throw new Error(`virsh console never printed ${JSON.stringify(text)}: ${JSON.stringify(output)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitFor('Escape character is ^]');
    child.stdin.write('hello fake');
    await waitFor('hello fake');
    // Ctrl-], virsh's escape: it closes the console and exits.
    child.stdin.write('\x1d');
    expect(await exited).toBe(0);
    expect(output).toContain("Connected to domain 'test'");
    expect(output).not.toContain('error:');
  });

  it('a command the fake does not model: libvirtd\'s unknown procedure error', async () => {
    const { stderr } = await onFake('net-list');
    expect(stderr).toMatch(/^error: .*\nerror: unknown procedure: \d+\n$/);
  });
});

describe('virsh when the fake daemon shuts down', () => {
  it('hears it through its close callback, as from a libvirtd that stops: "Disconnected … due to end of file"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxvirt-fake-'));
    const daemon = new FakeDaemon();
    const listener = await listenFakeDaemon(daemon, join(dir, 'sock'));
    const uri = `test+unix:///default?socket=${listener.path}`;
    try {
      const watching = run('virsh', ['-c', uri, 'event', '--all', '--loop', '--timeout', '10'], { timeout: 20_000 }).catch((err: unknown) => err as VirshRun);
      // virsh has connected and registered its close callback once the daemon lists its events.
      for (let tries = 0; daemon.sessions.every((session) => session.events.size === 0); tries++) {
        if (tries > 200) throw new Error('virsh never registered its events');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      daemon.close();
      const { stderr } = await watching;
      expect(stderr.split('\n')[0]).toBe(`error: Disconnected from ${uri} due to end of file`);
    } finally {
      await listener.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
