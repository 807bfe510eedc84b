import { concatMap, defer, type Observable } from 'rxjs';
import { Program } from '../protocol/message-header.js';
import type { AdminApi } from '../generated/admin/api.js';
import { admin_procedure } from '../generated/admin/constants.js';
import { ADMIN_PROGRAM_INFO } from '../generated/admin/procedures.js';
import { procedureOf } from '../protocol/procedure-table.js';
import type { Transport } from '../transport/transport.js';
import { createApiClass } from './api-class.js';
import type { ConnectionState } from './connection-state.js';
import { closeSession, invokeThrough } from './connection.js';
import { type LibvirtUri, parseLibvirtUri } from './libvirt-uri.js';
import { openSession } from './open-session.js';
import { RpcSession, type SessionEnd } from './session.js';
import { withTypedParams } from './typed-params-call.js';

const AdminApiClass = createApiClass<AdminApi>(ADMIN_PROGRAM_INFO);

/**
 * A connection to a daemon's administration interface: every ADMIN procedure is a method
 * (`connectListServers`, `serverGetThreadpoolParameters`, ...). Obtain one from `connectAdmin`.
 */
export class AdminConnection extends AdminApiClass {
  readonly end$: Observable<SessionEnd>;
  /** The connection's life (`open`, `closing`, `closed` with its cause), replaying the current state. */
  readonly state$: Observable<ConnectionState>;

  /** @internal Use `connectAdmin`. */
  constructor(
    private readonly session: RpcSession,
    /** The admin URI, e.g. `libvirtd:///system`. */
    readonly uri: string,
  ) {
    super(withTypedParams(invokeThrough(session), ADMIN_PROGRAM_INFO));
    this.end$ = session.end$;
    this.state$ = session.state$;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  /** ADMIN_PROC_CONNECT_CLOSE, then the socket. */
  close(): Observable<never> {
    return closeSession(this.session, procedureOf(ADMIN_PROGRAM_INFO, admin_procedure.ADMIN_PROC_CONNECT_CLOSE), () => this.connectClose());
  }
}

/** The admin URI used when none is given. */
export function defaultAdminUri(uid: number): string {
  return uid === 0 ? 'libvirtd:///system' : 'libvirtd:///session';
}

/** Opens an admin connection over the transport `openTransport` gives for the parsed URI. */
export function openAdminConnection(uri: string, openTransport: (uri: LibvirtUri) => Observable<Transport>): Observable<AdminConnection> {
  return defer(() => {
    const parsed = parseLibvirtUri(uri);
    return openTransport(parsed).pipe(
      concatMap((transport) => {
        const session = new RpcSession(transport, [Program.ADMIN]);
        return openSession(session, new AdminApiClass(invokeThrough(session)).connectOpen({ flags: 0 }), () => new AdminConnection(session, uri));
      }),
    );
  });
}
