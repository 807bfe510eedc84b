import { concatMap, forkJoin, map, type Observable, of, throwError } from 'rxjs';
import { UnsupportedError } from '../errors/unsupported-error.js';
import type { RemoteApi } from '../generated/remote/api.js';
import { remote_auth_type } from '../generated/remote/constants.js';
import { virConnectFlags } from '../generated/libvirt/libvirt.js';
import type { CredentialsSource } from '../auth/credentials.js';
import { AuthenticationError } from './authentication-error.js';
import { saslAuthenticate } from './sasl-authentication.js';
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
export function remoteHandshake(api: RemoteApi, name: string, readOnly: boolean, auth: AuthContext): Observable<HandshakeResult> {
  const supports = (feature: DriverFeature): Observable<boolean> =>
    api.connectSupportsFeature({ feature }).pipe(map((supported) => supported !== 0));
  return authenticate(api, auth).pipe(
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

/** What authentication may use: the URI's `?auth=` choice and the caller's credentials. */
export interface AuthContext {
  /** The URI being opened, for error messages and credentials callbacks. */
  readonly uri: string;
  /** The user the URI names. */
  readonly username: string | undefined;
  /** `?auth=`: `sasl`, `sasl.MECH` or `polkit` (libvirt's remoteAuthenticate). */
  readonly authType: string | undefined;
  readonly credentials: CredentialsSource | undefined;
}

const AUTH_TYPE_NAMES: Record<number, string> = {
  [remote_auth_type.REMOTE_AUTH_NONE]: 'none',
  [remote_auth_type.REMOTE_AUTH_SASL]: 'sasl',
  [remote_auth_type.REMOTE_AUTH_POLKIT]: 'polkit',
};

/**
 * AUTH_LIST, then what the daemon demands: nothing for NONE, one call for POLKIT (root is let
 * through), the SASL exchange for SASL. `?auth=` picks among the offered types, as in libvirt.
 */
function authenticate(api: RemoteApi, auth: AuthContext): Observable<void> {
  return api.authList().pipe(
    concatMap((types) => {
      const type = chooseAuthType(types, auth);
      switch (type) {
        case remote_auth_type.REMOTE_AUTH_NONE:
          return of(undefined);
        case remote_auth_type.REMOTE_AUTH_POLKIT:
          return api.authPolkit().pipe(
            concatMap((complete) =>
              complete !== 0 ? of(undefined) : throwError(() => new AuthenticationError('polkit', 'the daemon did not complete polkit authentication', { uri: auth.uri })),
            ),
          );
        case remote_auth_type.REMOTE_AUTH_SASL:
          return saslAuthenticate(api, {
            uri: auth.uri,
            username: auth.username,
            mechanism: /^sasl\./i.test(auth.authType ?? '') ? auth.authType?.slice(5) : undefined,
            credentials: auth.credentials,
          });
        default:
          return throwError(() => new UnsupportedError(`auth type ${type}`, `cannot authenticate to ${auth.uri}: the daemon demands an auth type rxvirt does not know`));
      }
    }),
  );
}

function chooseAuthType(types: readonly number[], auth: AuthContext): number {
  if (auth.authType === undefined) return types.length === 0 ? remote_auth_type.REMOTE_AUTH_NONE : types[0];
  const wanted = /^sasl(\..*)?$/i.test(auth.authType) ? remote_auth_type.REMOTE_AUTH_SASL : /^polkit$/i.test(auth.authType) ? remote_auth_type.REMOTE_AUTH_POLKIT : undefined;
  if (wanted === undefined) throw new UnsupportedError(`auth type '${auth.authType}'`, `unknown authentication type in ${auth.uri}: expected sasl, sasl.MECH or polkit`);
  if (!types.includes(wanted)) {
    const offered = types.map((type) => AUTH_TYPE_NAMES[type] ?? String(type)).join(', ');
    throw new AuthenticationError(AUTH_TYPE_NAMES[wanted], `the requested authentication type ${auth.authType} was rejected: the daemon offers [${offered}]`, { uri: auth.uri });
  }
  return wanted;
}
