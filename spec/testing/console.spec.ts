// The fake daemon's console: a two-way stream whose guest echoes what it is sent.
import { concatMap, delay, filter, firstValueFrom, from, lastValueFrom, map, of, take, toArray } from 'rxjs';
import type { Connection } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';

describe('fake daemon console', () => {
  let daemon: FakeDaemon;
  let conn: Connection;
  beforeEach(async () => {
    daemon = new FakeDaemon();
    conn = await firstValueFrom(daemon.connect());
  });
  afterEach(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    daemon.close();
  });

  it('sends what the client types and receives the echo, both ways on one stream', async () => {
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    const typed = ['ls\r', 'whoami\r'].map((text) => new TextEncoder().encode(text));
    const echoed = await lastValueFrom(
      conn
        .domainOpenConsole({ dom, dev_name: null, flags: 0 })
        .sending(from(typed).pipe(concatMap((chunk) => of(chunk).pipe(delay(5)))))
        .pipe(
          filter((item): item is { data: Uint8Array } => 'data' in item),
          map(({ data }) => new TextDecoder().decode(data)),
          take(2),
          toArray(),
        ),
    );
    expect(echoed.join('')).toBe('ls\rwhoami\r');
    // Unsubscribing aborted the console, and the connection goes on.
    await expect(firstValueFrom(conn.connectGetLibVersion())).resolves.toEqual(expect.any(BigInt));
  });

  it('refuses the console of a domain that is not running', async () => {
    const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
    await lastValueFrom(conn.domainDestroy({ dom }), { defaultValue: undefined });
    await expect(lastValueFrom(conn.domainOpenConsole({ dom, dev_name: null, flags: 0 }).sending(of()))).rejects.toMatchObject({
      codeName: 'VIR_ERR_OPERATION_INVALID',
    });
  });
});
