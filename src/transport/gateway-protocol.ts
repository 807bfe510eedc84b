// What `rxvirt gateway` and its clients agree on, beyond relaying libvirt's bytes: how a token
// travels and the close codes the gateway ends a WebSocket with. Browser-safe.

/** The sub-protocol the gateway selects: raw libvirt RPC bytes in binary messages. */
export const GATEWAY_PROTOCOL = 'rxvirt';

/** A token travels as the offered sub-protocol `rxvirt.token.<token>` (a page cannot set headers). */
export const TOKEN_PROTOCOL_PREFIX = 'rxvirt.token.';

/** What a token may contain: characters valid in a sub-protocol name, nothing to escape. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/;

/**
 * Close codes from the private range (4000-4999) the gateway uses, so that a page learns why it
 * was turned away; the standard 1009 (message too big) is used for an oversized frame.
 */
export const GatewayCloseCode = {
  /** No token, or one the gateway does not know. */
  unauthorized: 4401,
  /** The token already has its maximum number of connections. */
  tooManyConnections: 4429,
  /** The gateway could not reach the libvirt daemon's socket. */
  daemonUnreachable: 4502,
  /** The daemon ended the connection. */
  daemonClosed: 4500,
  /** A frame's length word is over the gateway's limit (or under the protocol's minimum). */
  frameTooLarge: 1009,
} as const;

/** The sub-protocols a client offers: `rxvirt` and, with a token, `rxvirt.token.<token>`. */
export function gatewayProtocols(token: string): string[] {
  return [GATEWAY_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
}
