// The ssh transport through the system's ssh to an sshd on loopback (reaching the daemon with
// virt-ssh-helper, or netcat), and the ext transport with a command of our own.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, InvalidUriError, TransportError } from '../../src/index.js';
import { checkTransport, connectFailure, SUSPEND_RESUME } from '../support/remote-checks.js';
import { freePort } from '../support/remote-env.js';
import { type Sshd, startSshd } from '../support/sshd.js';

describe('ssh transport', () => {
  let sshd: Sshd;
  let base: string;
  beforeAll(async () => {
    sshd = await startSshd();
    base = `test+ssh://root@127.0.0.1:${sshd.port}/default`;
  });
  afterAll(() => sshd.stop());

  const params = (): string => `keyfile=${sshd.keyfile}&known_hosts=${sshd.knownHosts}&no_tty=1`;

  it('reaches the daemon through virt-ssh-helper, lists domains and receives events', async () => {
    await expect(checkTransport(`${base}?${params()}`)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
  });

  it('reaches the daemon through netcat when ?netcat= names one', async () => {
    await expect(checkTransport(`${base}?${params()}&netcat=nc`)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
  });

  it('opens read-only through virt-ssh-helper -r', async () => {
    const conn = await firstValueFrom(connect(`${base}?${params()}`, { readOnly: true, timeoutMs: 10_000 }));
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    await expect(firstValueFrom(conn.domainSuspend({ dom }))).rejects.toMatchObject({ codeName: 'VIR_ERR_OPERATION_DENIED' });
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it("keeps ssh's host key checking: an unknown host key fails with ssh's own words", async () => {
    const empty = join(sshd.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const uri = `${base}?keyfile=${sshd.keyfile}&known_hosts=${empty}&no_tty=1`;
    const error = await connectFailure(uri);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'EXIT_255', uri, target: `ssh:root@127.0.0.1:${sshd.port}` });
    expect((error as Error).message).toMatch(/Host key verification failed/);
  });

  it('reports a closed port with the refusal ssh printed', async () => {
    const error = await connectFailure(`test+ssh://root@127.0.0.1:${await freePort()}/default?${params()}`);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/Connection refused/);
  });

  it('reports a refused login', async () => {
    const error = await connectFailure(`test+ssh://nobody@127.0.0.1:${sshd.port}/default?${params()}`);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/Permission denied/);
  });
});

describe('ext transport', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-ext-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs ?command= and speaks over its standard input and output', async () => {
    const command = join(dir, 'to-libvirtd');
    writeFileSync(command, '#!/bin/sh\nexec nc -q0 -U /var/run/libvirt/libvirt-sock\n');
    chmodSync(command, 0o755);
    await expect(checkTransport(`test+ext:///default?command=${command}`)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
  });

  it('reports a command that exits, with what it printed', async () => {
    const command = join(dir, 'fails');
    writeFileSync(command, '#!/bin/sh\necho "no daemon here" >&2\nexit 3\n');
    chmodSync(command, 0o755);
    const error = await connectFailure(`test+ext:///default?command=${command}`);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'EXIT_3' });
    expect((error as Error).message).toMatch(/no daemon here/);
  });

  it('requires ?command=', async () => {
    await expect(connectFailure('test+ext:///default')).resolves.toBeInstanceOf(InvalidUriError);
  });
});
