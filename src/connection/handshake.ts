import { Observable, type Observer, type Subscriber, Subscription } from 'rxjs';
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
 * events and typed parameters work (asked together). Each step is a call on `api`.
 */
export function remoteHandshake(api: RemoteApi, name: string, readOnly: boolean, auth: AuthContext): Observable<HandshakeResult> {
  return new Observable<HandshakeResult>((subscriber) => new RemoteHandshake(api, name, readOnly, auth, subscriber).start());
}

/** The features asked together after CONNECT_OPEN, as their answers come. */
type AskedFeatures = { -readonly [K in Exclude<keyof DaemonFeatures, 'keepalive'>]?: boolean };

/**
 * One run of {@link remoteHandshake}: each step a method that starts the next from its call's
 * reply, rather than a chain of operators. Every connection runs it once, and in a fleet opened
 * at once what it allocates counts: the operators made about 19 KB of garbage per connection (a
 * whole `connect` made 75), and the more garbage, the larger V8 grows its young generation while
 * the connections accumulate.
 */
class RemoteHandshake {
  /** The calls in flight: unsubscribing the handshake unsubscribes them. */
  private readonly calls = new Subscription();
  private keepalive = false;
  private readonly features: AskedFeatures = {};
  private uri: string | null = null;
  /** Feature calls not answered yet. */
  private unanswered = 0;

  constructor(
    private readonly api: RemoteApi,
    private readonly name: string,
    private readonly readOnly: boolean,
    private readonly auth: AuthContext,
    private readonly subscriber: Subscriber<HandshakeResult>,
  ) {}

  start(): Subscription {
    this.then(this.api.authList(), (types) => this.authenticate(types));
    return this.calls;
  }

  /** AUTH_LIST answered: whatever the daemon demands, then the keepalive question. */
  private authenticate(types: readonly number[]): void {
    const { api, auth } = this;
    const type = chooseAuthType(types, auth);
    switch (type) {
      case remote_auth_type.REMOTE_AUTH_NONE:
        return this.askKeepalive();
      case remote_auth_type.REMOTE_AUTH_POLKIT:
        return this.then(api.authPolkit(), (complete) => {
          if (complete === 0) throw new AuthenticationError('polkit', 'the daemon did not complete polkit authentication', { uri: auth.uri });
          this.askKeepalive();
        });
      case remote_auth_type.REMOTE_AUTH_SASL:
        return this.then(
          saslAuthenticate(api, {
            uri: auth.uri,
            username: auth.username,
            mechanism: /^sasl\./i.test(auth.authType ?? '') ? auth.authType?.slice(5) : undefined,
            credentials: auth.credentials,
          }),
          () => this.askKeepalive(),
        );
      default:
        throw new UnsupportedError(`auth type ${type}`, `cannot authenticate to ${auth.uri}: the daemon demands an auth type rxvirt does not know`);
    }
  }

  private askKeepalive(): void {
    this.then(this.api.connectSupportsFeature({ feature: DriverFeature.PROGRAM_KEEPALIVE }), (supported) => {
      this.keepalive = supported !== 0;
      this.open();
    });
  }

  private open(): void {
    const flags = this.readOnly ? virConnectFlags.VIR_CONNECT_RO : 0;
    this.then(this.api.connectOpen({ name: this.name, flags }), () => this.askFeatures());
  }

  private askFeatures(): void {
    // Counted before any is asked: an answer may come while the others are being asked.
    const probe = this.name === '';
    this.unanswered = probe ? 4 : 3;
    this.askFeature('typedParamString', DriverFeature.TYPED_PARAM_STRING);
    this.askFeature('eventCallback', DriverFeature.REMOTE_EVENT_CALLBACK);
    this.askFeature('closeCallback', DriverFeature.REMOTE_CLOSE_CALLBACK);
    if (!probe) return;
    this.then(this.api.connectGetUri(), (uri) => {
      this.uri = uri;
      this.answered();
    });
  }

  private askFeature(key: keyof AskedFeatures, feature: DriverFeature): void {
    this.then(this.api.connectSupportsFeature({ feature }), (supported) => {
      this.features[key] = supported !== 0;
      this.answered();
    });
  }

  private answered(): void {
    if (--this.unanswered > 0) return;
    const { typedParamString = false, eventCallback = false, closeCallback = false } = this.features;
    this.subscriber.next({ features: { keepalive: this.keepalive, typedParamString, eventCallback, closeCallback }, uri: this.uri });
    this.subscriber.complete();
  }

  /** Subscribes one step: see {@link HandshakeStep}. */
  private then<T>(step: Observable<T>, next: (value: T) => void): void {
    this.calls.add(step.subscribe(new HandshakeStep(this.subscriber, next)));
  }
}

/**
 * One step's observer: `onValue` takes its value (what it throws fails the handshake); an error
 * fails the handshake; a step that ends without a value ends it without one.
 */
class HandshakeStep<T> implements Observer<T> {
  private answered = false;

  constructor(
    private readonly handshake: Subscriber<HandshakeResult>,
    private readonly onValue: (value: T) => void,
  ) {}

  next(value: T): void {
    this.answered = true;
    try {
      this.onValue(value);
    } catch (err) {
      this.handshake.error(err);
    }
  }

  error(err: unknown): void {
    this.handshake.error(err);
  }

  complete(): void {
    if (!this.answered) this.handshake.complete();
  }
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
