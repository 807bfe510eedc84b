import { concatMap, forkJoin, map, type Observable, of, throwError } from 'rxjs';
import { UnsupportedError } from '../errors/unsupported-error.js';
import type { RemoteApi } from '../generated/remote/api.js';
import { remote_auth_type } from '../generated/remote/constants.js';
import { virConnectFlags } from '../generated/libvirt/libvirt.js';
import { AuthenticationError } from './authentication-error.js';
import { type DaemonFeatures, DriverFeature } from './driver-feature.js';

/** What the handshake learnt. */
export interface HandshakeResult {
  readonly features: DaemonFeatures;
  /** The URI the daemon opened: asked with CONNECT_GET_URI when the client probed (empty name). */
  readonly uri: string | null;
}

/**
 * libvirt's own opening sequence (remote_driver.c, doRemoteOpen): AUTH_LIST and whatever auth it
 * demands, CONNECT_SUPPORTS_FEATURE(keepalive), CONNECT_OPEN, then the features that decide how
 * events and typed parameters work. Each step is a call on `api`.
 */
export function remoteHandshake(api: RemoteApi, name: string, readOnly: boolean): Observable<HandshakeResult> {
  const supports = (feature: DriverFeature): Observable<boolean> =>
    api.connectSupportsFeature({ feature }).pipe(map((supported) => supported !== 0));
  return authenticate(api).pipe(
    concatMap(() => supports(DriverFeature.PROGRAM_KEEPALIVE)),
    concatMap((keepalive) =>
      api.connectOpen({ name, flags: readOnly ? virConnectFlags.VIR_CONNECT_RO : 0 }).pipe(
        concatMap(() =>
          forkJoin({
            typedParamString: supports(DriverFeature.TYPED_PARAM_STRING),
            eventCallback: supports(DriverFeature.REMOTE_EVENT_CALLBACK),
            closeCallback: supports(DriverFeature.REMOTE_CLOSE_CALLBACK),
            uri: name === '' ? api.connectGetUri() : of(null),
          }),
        ),
        map(({ uri, ...rest }): HandshakeResult => ({ features: { keepalive, ...rest }, uri })),
      ),
    ),
  );
}

/** Auth NONE needs nothing; POLKIT is one call (root is let through); SASL comes with the remote transports. */
function authenticate(api: RemoteApi): Observable<void> {
  return api.authList().pipe(
    concatMap((types) => {
      if (types.length === 0 || types.includes(remote_auth_type.REMOTE_AUTH_NONE)) return of(undefined);
      if (types.includes(remote_auth_type.REMOTE_AUTH_POLKIT)) {
        return api.authPolkit().pipe(
          concatMap((complete) => (complete !== 0 ? of(undefined) : throwError(() => new AuthenticationError('polkit', 'the daemon did not complete polkit authentication')))),
        );
      }
      return throwError(() => new UnsupportedError(`auth types [${types.join(', ')}]`, 'only none and polkit authentication are supported so far'));
    }),
  );
}
