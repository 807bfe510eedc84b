/**
 * rxvirt/gateway: the WebSocket-to-libvirt relay behind `rxvirt gateway`, for browsers. Node only.
 *
 * @module
 */
export { startGateway, DEFAULT_DAEMON_SOCKETS, DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_MAX_FRAME_BYTES, DEFAULT_GATEWAY_PORT, type Gateway, type GatewayOptions } from './gateway.js';
export { parseTokens, TokenStore, GatewayPolicy, DEFAULT_MAX_CONNECTIONS_PER_TOKEN, type GatewayToken } from './tokens.js';
export { GatewayConfigError } from './gateway-config-error.js';
export { GATEWAY_PROTOCOL, GatewayCloseCode, TOKEN_PROTOCOL_PREFIX, gatewayProtocols } from '../transport/gateway-protocol.js';
