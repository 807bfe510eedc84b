/** Where a connection is in its life, for dashboards. */
export type ConnectionStatus = 'connecting' | 'open' | 'closing' | 'closed';

/**
 * One step of a connection's life. `closed` carries why: `cause` is undefined after a `close()`
 * asked for by the user, and otherwise the error that ended it (a `TransportError`,
 * `ProtocolError`, `KeepaliveTimeoutError`, ...).
 */
export type ConnectionState =
  | { readonly status: 'connecting' | 'open' | 'closing' }
  | { readonly status: 'closed'; readonly cause: unknown };
