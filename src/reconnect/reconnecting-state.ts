import type { ConnectionState } from '../connection/connection-state.js';

/**
 * The life of a reconnecting connection: a connection's own states, plus `reconnecting` between
 * a drop and the next open connection (once per attempt, with the wait before it and the error
 * that started it). `closed` comes after `close()` (no cause) or when the attempts ran out.
 */
export type ReconnectingState =
  | ConnectionState
  | { readonly status: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly cause: unknown };
