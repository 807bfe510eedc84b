// The connection-close callback on the fake daemon: registered and unregistered as on libvirtd,
// and the daemon's shutdown announced to the connections that asked for it.
import { firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { FakeDaemon } from '../../src/testing/index.js';

describe('the connection-close callback on the fake daemon', () => {
  let daemon: FakeDaemon;
  beforeEach(() => {
    daemon = new FakeDaemon();
  });
  afterEach(() => daemon.close());

  it('tells a registered client that the daemon shut down, then ends its connection', async () => {
    const conn = await firstValueFrom(daemon.connect());
    const closeEvent = firstValueFrom(conn.events.connectionClose().pipe(timeout(2_000)));
    // The registration's reply has arrived once a later call is answered.
    await firstValueFrom(conn.connectGetLibVersion());
    daemon.close();
    await expect(closeEvent).resolves.toEqual({ reason: 1, reasonName: 'VIR_CONNECT_CLOSE_REASON_EOF' });
    await firstValueFrom(conn.end$.pipe(timeout(2_000)));
    expect(conn.closed).toBe(true);
  });

  it('takes a second registration and an unregistration of none as libvirtd does, without an error', async () => {
    const conn = await firstValueFrom(daemon.connect());
    for (const call of [conn.connectRegisterCloseCallback(), conn.connectRegisterCloseCallback(), conn.connectUnregisterCloseCallback(), conn.connectUnregisterCloseCallback()]) {
      await lastValueFrom(call, { defaultValue: undefined });
    }
    // Unregistered: the shutdown comes without the event (the client would count it as dropped).
    daemon.close();
    await firstValueFrom(conn.end$.pipe(timeout(2_000)));
    expect(conn.events.droppedEvents).toBe(0);
  });

  it('sends the event to a client registered by hand (the client, with no subscriber, drops it)', async () => {
    const conn = await firstValueFrom(daemon.connect());
    await lastValueFrom(conn.connectRegisterCloseCallback(), { defaultValue: undefined });
    daemon.close();
    await firstValueFrom(conn.end$.pipe(timeout(2_000)));
    expect(conn.events.droppedEvents).toBe(1);
  });

  it('drops a client without a close callback at once when it shuts down', async () => {
    const conn = await firstValueFrom(daemon.connect());
    daemon.close();
    await firstValueFrom(conn.end$.pipe(timeout(2_000)));
    expect(conn.closed).toBe(true);
  });
});
