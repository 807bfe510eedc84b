// The client's handshake and close against the fake daemon, over the in-memory transport.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { FakeDaemon } from '../../src/testing/index.js';

describe('FakeDaemon handshake', () => {
  let daemon: FakeDaemon;
  beforeEach(() => {
    daemon = new FakeDaemon();
  });
  afterEach(() => daemon.close());

  it('opens a connection with every feature, like libvirtd with the test driver', async () => {
    const conn = await firstValueFrom(daemon.connect());
    expect(conn.features).toEqual({ keepalive: true, typedParamString: true, eventCallback: true, closeCallback: true });
    expect(conn.uri).toBe('test:///default');
    expect(daemon.sessions).toHaveLength(1);
    expect(daemon.sessions[0].openedName).toBe('test:///default');
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('answers CONNECT_CLOSE, then closes the connection itself', async () => {
    const conn = await firstValueFrom(daemon.connect());
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    expect(daemon.sessions).toHaveLength(0);
    expect(conn.closed).toBe(true);
  });

  it('asks the daemon for the URI when the client probes (empty name)', async () => {
    const conn = await firstValueFrom(daemon.connect(''));
    expect(conn.uri).toBe('test:///default');
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });
});
