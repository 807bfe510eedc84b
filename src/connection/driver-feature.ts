/**
 * Capabilities a client asks the daemon about with CONNECT_SUPPORTS_FEATURE. These are libvirt's
 * internal `VIR_DRV_FEATURE_*` numbers (libvirt_internal.h), which the public API XML lacks.
 */
export const DriverFeature = {
  FD_PASSING: 8,
  TYPED_PARAM_STRING: 9,
  PROGRAM_KEEPALIVE: 10,
  REMOTE_EVENT_CALLBACK: 14,
  REMOTE_CLOSE_CALLBACK: 15,
} as const;
export type DriverFeature = (typeof DriverFeature)[keyof typeof DriverFeature];

/** What the daemon said it supports, asked once during the handshake. */
export interface DaemonFeatures {
  /** The keepalive program (PING/PONG); the daemon pings from the moment this was asked. */
  readonly keepalive: boolean;
  /** String-typed parameters (`VIR_TYPED_PARAM_STRING_OKAY` may be set). */
  readonly typedParamString: boolean;
  /** Event registrations with callback IDs (`*_EVENT_CALLBACK_REGISTER_ANY`). */
  readonly eventCallback: boolean;
  /** The connection-close event. */
  readonly closeCallback: boolean;
}
