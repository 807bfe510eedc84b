// SASL SCRAM-SHA-256 over unix sockets (auth_unix_rw = auth_unix_ro = "sasl"): a private daemon
// with that configuration, since the shared one must keep its sockets open to root. It runs in a
// mount namespace of its own and never touches the shared daemon; it is under spec/serial/ only
// so that a second libvirtd never competes with the other files' tests.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { AuthenticationError, connect } from '../../src/index.js';
import { type PrivateDaemon, startPrivateDaemon } from '../support/private-daemon.js';
import { connectFailure, domainsAndEvents, SUSPEND_RESUME } from '../support/remote-checks.js';
import { SASL_PASSWORD, SASL_USER } from '../support/remote-env.js';

describe('SASL over unix sockets', () => {
  let daemon: PrivateDaemon;
  beforeAll(async () => {
    daemon = await startPrivateDaemon(['auth_unix_rw = "sasl"', 'auth_unix_ro = "sasl"', 'unix_sock_ro_perms = "0777"', 'unix_sock_rw_perms = "0700"']);
  }, 20_000);
  afterAll(() => daemon.stop());

  const credentials = { username: SASL_USER, password: SASL_PASSWORD };

  it('authenticates on the read-write socket, lists domains and receives events', async () => {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${daemon.dir}/libvirt-sock`, { credentials, timeoutMs: 10_000 }));
    try {
      await expect(domainsAndEvents(conn)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
    } finally {
      await lastValueFrom(conn.close(), { defaultValue: undefined });
    }
  });

  it('authenticates on the read-only socket', async () => {
    const conn = await firstValueFrom(connect(`test+unix:///default?socket=${daemon.dir}/libvirt-sock-ro`, { credentials, readOnly: true, timeoutMs: 10_000 }));
    await expect(firstValueFrom(conn.connectNumOfDomains())).resolves.toBe(1);
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('reports a wrong password', async () => {
    const uri = `test+unix:///default?socket=${daemon.dir}/libvirt-sock`;
    const error = await connectFailure(uri, { credentials: { username: SASL_USER, password: 'wrong' } });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ authType: 'sasl', uri });
  });
});
