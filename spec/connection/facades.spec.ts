// conn.objects, conn.qemu and conn.lxc are made on first use (a connection that never uses
// them does not hold them): each is still one object for the connection's life, as conn.events is.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Connection } from '../../src/connection/connection.js';
import { FakeDaemon } from '../../src/testing/fake-daemon.js';

describe("a connection's facades", () => {
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

  it.each(['events', 'objects', 'qemu', 'lxc'] as const)('%s is the same object at every use', (facade) => {
    expect(conn[facade]).toBe(conn[facade]);
  });

  it('are not made before first use, and work when they are', async () => {
    // The private fields that hold them (a white-box check: nothing public tells).
    const fields = conn as unknown as Record<string, unknown>;
    const made = (): string[] => ['qemuFacade', 'lxcFacade', 'objectsFacade'].filter((field) => fields[field] !== undefined);
    expect(made()).toEqual([]);
    const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' }));
    expect(dom.name).toBe('test');
    expect(made()).toEqual(['objectsFacade']);
  });
});
