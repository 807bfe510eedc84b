import { defer, type Observable, of, type SchedulerLike } from 'rxjs';
import { type ConnectOptions, keepaliveSettings, openConnection } from '../connection/connect.js';
import type { Connection } from '../connection/connection.js';
import type { KeepaliveOptions } from '../keepalive/keepalive.js';
import type { Transport } from '../transport/transport.js';
import { DomainModel, type FakeDomainDefinition, TEST_DOMAIN } from './domain-model.js';
import { FaultInjector } from './faults.js';
import { type DaemonIdentity, FAKE_DRIVER_URI } from './procedures.js';
import { ServerSession } from './server-session.js';
import { DEFAULT_POOL, type FakePoolDefinition, StorageModel } from './storage-model.js';
import { createTransportPair } from './transport-pair.js';

export interface FakeDaemonOptions {
  /** The domains it starts with (default: the test driver's `test`, running, id 1). */
  readonly domains?: readonly FakeDomainDefinition[];
  /** Its storage pools (default: `default-pool` with `sparse.img` and `empty.img`). */
  readonly pools?: readonly FakePoolDefinition[];
  /**
   * The daemon's own keepalive, started when a client asks for feature 10 (default: libvirtd's
   * interval 5 s, count 5): after `interval` seconds without a frame from the client it PINGs,
   * and drops a client silent for `count` PINGs. `interval: 0` never pings.
   */
  readonly keepalive?: KeepaliveOptions;
  /** Overrides of what it reports (libvirt 9.0.0, the test driver's node). */
  readonly identity?: Partial<DaemonIdentity>;
  /** Bytes in flight per direction before an in-memory transport pushes back (default 64 KiB). */
  readonly highWaterMark?: number;
  /**
   * Where {@link FakeDaemon.connect}'s in-memory transport delivers bytes, and where the fault
   * hooks' delays run (default: the event loop, `setImmediate` and `setTimeout`). Inside
   * `TestScheduler.run`, pass `asyncScheduler` (virtual there) or the TestScheduler: connecting,
   * calls, events and the connection's open timeout then all run in virtual time. The keepalives
   * of both sides stay on real, unref'd timers, which a synchronous `run` never reaches.
   */
  readonly scheduler?: SchedulerLike;
}

/** The test driver's node, as NODE_GET_INFO reports it on libvirt 9.0. */
const TEST_NODE: DaemonIdentity['nodeInfo'] = {
  model: 'i686',
  memory: 3_145_728n,
  cpus: 16,
  mhz: 1400,
  nodes: 2,
  sockets: 2,
  cores: 2,
  threads: 2,
};

/**
 * A libvirt daemon in the same process, serving libvirt's wire protocol (server role) like
 * libvirtd with its test driver: the handshake, a handful of domains with their state machine and
 * lifecycle events, a storage pool whose volumes download and upload through data streams (with
 * holes), screenshots, consoles, the test driver's capabilities and sysinfo, the connection-close
 * callback, keepalive, and libvirt's errors: enough for virsh's everyday commands to print what
 * they print against the test driver. Procedures it does not implement get libvirtd's "unknown
 * procedure" error. {@link faults} breaks it on purpose.
 *
 * Unlike the real test driver, its state lives as long as the object, not as long as a
 * connection stays open.
 *
 * @example
 * const daemon = new FakeDaemon();
 * const conn = await firstValueFrom(daemon.connect());
 * const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
 * await lastValueFrom(conn.close(), { defaultValue: undefined });
 * daemon.close();
 */
export class FakeDaemon {
  readonly faults: FaultInjector;
  readonly domains: DomainModel;
  readonly storage: StorageModel;
  readonly identity: DaemonIdentity;
  private readonly live = new Set<ServerSession>();
  private callbackIds = 0;
  private readonly keepalive: Required<KeepaliveOptions>;

  constructor(private readonly options: FakeDaemonOptions = {}) {
    this.keepalive = keepaliveSettings(options.keepalive);
    this.identity = { libVersion: 9_000_000n, hypervisorVersion: 2n, hostname: 'fake-libvirt-host', nodeInfo: TEST_NODE, ...options.identity };
    this.faults = new FaultInjector(() => this.live);
    this.domains = new DomainModel(options.domains ?? [TEST_DOMAIN], (change) => {
      // Events cross connections, as on libvirtd.
      for (const session of this.live) session.deliverLifecycle(change);
    });
    this.storage = new StorageModel(options.pools ?? [DEFAULT_POOL]);
  }

  /** The client connections open now, oldest first. */
  get sessions(): readonly ServerSession[] {
    return [...this.live];
  }

  /** Serves one client connection over `transport` (the server end of a transport pair, a socket...). */
  accept(transport: Transport): ServerSession {
    const session = new ServerSession(
      {
        state: { domains: this.domains, storage: this.storage, identity: this.identity },
        faults: this.faults,
        keepalive: this.keepalive,
        nextCallbackId: () => ++this.callbackIds,
        scheduler: this.options.scheduler,
        ended: (ended) => this.live.delete(ended),
      },
      transport,
    );
    // A client that hung up at once is already gone.
    if (!session.isClosed) this.live.add(session);
    return session;
  }

  /**
   * Opens a client `Connection` to this daemon over an in-memory transport, through the client's
   * own `openConnection`: handshake, calls, streams and events all take the real code path.
   */
  connect(uri: string = FAKE_DRIVER_URI, options: ConnectOptions = {}): Observable<Connection> {
    return openConnection(uri, options, () =>
      defer(() => {
        const pair = createTransportPair({ highWaterMark: this.options.highWaterMark, scheduler: this.options.scheduler });
        this.accept(pair.server);
        return of(pair.client);
      }),
    );
  }

  /**
   * Shuts down: every connection ends (those with a close callback hear the daemon's
   * connection-closed event first) and every timer stops. Call it when a test is done.
   */
  close(): void {
    for (const session of [...this.live]) session.shutdown();
  }
}

/** `daemon.connect(uri, options)`: a client `Connection` to a fake daemon. */
export function connectFake(daemon: FakeDaemon, uri?: string, options?: ConnectOptions): Observable<Connection> {
  return daemon.connect(uri, options);
}
