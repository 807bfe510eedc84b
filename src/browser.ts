/**
 * rxvirt's portable entry: everything but Node's transports and file adapters. It imports no
 * `node:` module, so it bundles for a browser, where `connectWebSocket` reaches libvirt through a
 * WebSocket relay (spec/transport/browser-entry.spec.ts checks the import graph).
 *
 * @module
 */
export { connectWebSocket, type WebSocketConnectOptions } from './connection/connect-websocket.js';
export { openConnection, type ConnectOptions, type TransportOpener } from './connection/connect.js';
export {
  WebSocketTransport,
  openWebSocketTransport,
  type WebSocketCloseLike,
  type WebSocketEventMap,
  type WebSocketFactory,
  type WebSocketLike,
  type WebSocketMessageLike,
  type WebSocketTransportOptions,
} from './transport/websocket-transport.js';
export { GATEWAY_PROTOCOL, GatewayCloseCode, TOKEN_PATTERN, TOKEN_PROTOCOL_PREFIX, gatewayProtocols } from './transport/gateway-protocol.js';
export { Connection, CLOSE_TIMEOUT_MS } from './connection/connection.js';
export { AdminConnection } from './connection/admin-connection.js';
export type { SessionEnd } from './connection/session.js';
export type { ConnectionState, ConnectionStatus } from './connection/connection-state.js';
export { KeepaliveTimeoutError } from './keepalive/keepalive-timeout-error.js';
export { reconnecting, ReconnectingConnection } from './reconnect/reconnecting-connection.js';
export type { ReconnectingEvents } from './reconnect/reconnecting-events.js';
export type { ReconnectingState } from './reconnect/reconnecting-state.js';
export {
  DEFAULT_RECONNECT_INITIAL_DELAY_MS,
  DEFAULT_RECONNECT_JITTER,
  DEFAULT_RECONNECT_MAX_ATTEMPTS,
  DEFAULT_RECONNECT_MAX_DELAY_MS,
  DEFAULT_RECONNECT_MULTIPLIER,
  type ReconnectOptions,
} from './reconnect/backoff.js';
export { DEFAULT_KEEPALIVE_COUNT, DEFAULT_KEEPALIVE_INTERVAL, type KeepaliveOptions } from './keepalive/keepalive.js';
export { failureThreshold } from './operators/failure-threshold.js';
export { silenceTicks } from './keepalive/silence-ticks.js';
export { unrefScheduler } from './scheduling/unref-scheduler.js';
export { DriverFeature, type DaemonFeatures } from './connection/driver-feature.js';
export { DEFAULT_OPEN_TIMEOUT_MS } from './connection/connect.js';
export { parseLibvirtUri, InvalidUriError, DEFAULT_PORTS, type LibvirtUri, type UriTransport } from './connection/libvirt-uri.js';
export { readTypedParams, typedParamsToObject, typedParam, type TypedParameter } from './connection/typed-params.js';
export type { TypedParamInput, TypedParams, TypedParamsArgs, TypedParamsInput, TypedParamType, TypedParamValue } from './protocol/typed-param-values.js';
export { AuthenticationError } from './connection/authentication-error.js';
export type { Credentials, CredentialsCallback, CredentialsRequest, CredentialsSource } from './auth/credentials.js';

export { RxvirtError } from './errors/rxvirt-error.js';
export { UnsupportedError } from './errors/unsupported-error.js';
export { LibvirtError, type LibvirtErrorFields } from './rpc/libvirt-error.js';
export { ConnectionClosedError } from './rpc/connection-closed-error.js';
export { TransportError, TlsCertificateError, type Transport } from './transport/transport.js';
export { XdrError, XdrErrorReason } from './xdr/xdr-error.js';
export { ArgumentError } from './rpc/argument-error.js';
export { nameOf } from './protocol/constant-names.js';
export type { ProcedureInfo, ProgramInfo, StreamDirection } from './protocol/procedure.js';

// Events: `conn.events.domain('lifecycle')` and the other families.
export {
  ConnectionEvents,
  type DomainEventOptions,
  type NetworkEventOptions,
  type NodeDeviceEventOptions,
  type QemuMonitorEventOptions,
  type SecretEventOptions,
  type StoragePoolEventOptions,
} from './events/connection-events.js';
export { REGISTERED, type Registered, type RegistrationSignal, type WithRegistered } from './events/registered.js';
export { onRegistered } from './events/on-registered.js';
export { EventHoldOverflowError } from './events/event-hold-overflow-error.js';
export { EVENT_HOLD_LIMIT } from './events/event-router.js';
export type { DomainEvent, DomainEventName, DomainEventMessages, DomainEventNames, DomainLifecycleEvent } from './events/domain-events.js';
export type { DomainLifecycleDetailName, DomainLifecycleNames } from './events/domain-lifecycle-names.js';
export type { NetworkEvent, NetworkEventName } from './events/network-events.js';
export type { StoragePoolEvent, StoragePoolEventName } from './events/storage-pool-events.js';
export type { NodeDeviceEvent, NodeDeviceEventName } from './events/node-device-events.js';
export type { SecretEvent, SecretEventName } from './events/secret-events.js';
export type { QemuMonitorEvent, QemuMonitorEventFilter } from './events/qemu-monitor-events.js';
export type { ConnectionCloseEvent } from './events/connection-close-events.js';
export type { EventPayload } from './events/event-payload.js';
export { symbolicName, type SymbolicName } from './protocol/symbolic-name.js';
export { boundedConcatMap, type BacklogOptions } from './events/bounded-concat-map.js';
export { BacklogOverflowError } from './events/backlog-overflow-error.js';

// The object layer: `conn.domain('test')` and `conn.domainLookupByName({ name })` emit a Domain, `dom.suspend()`.
export { Lookups, type DomainKey, type NameOrUuid } from './objects/lookups.js';
export {
  Domain,
  DomainCheckpoint,
  DomainSnapshot,
  Interface,
  Network,
  NetworkPort,
  NodeDevice,
  NWFilter,
  NWFilterBinding,
  Secret,
  StoragePool,
  StorageVol,
  ConnectionObjects,
  type ConnectionApi,
  type ObjectClass,
} from './objects/object-classes.js';
export type {
  ConnectionObjectMethods,
  DomainCheckpointMethods,
  DomainMethods,
  DomainSnapshotMethods,
  InterfaceMethods,
  NetworkMethods,
  NetworkPortMethods,
  NodeDeviceMethods,
  NWFilterBindingMethods,
  NWFilterMethods,
  ObjectClassName,
  SecretMethods,
  StoragePoolMethods,
  StorageVolMethods,
} from './generated/remote/objects.js';

// The frame layer, for tools that speak the protocol directly (fake daemons, proxies, tests).
export * from './protocol/index.js';

// Data streams: downloads, uploads and two-way (console, channel) streams, pull backpressure
// (the Node adapters for files and `stream.Readable` are in the Node entry).
export { DownloadStream, DEFAULT_STREAM_BUFFER_SIZE } from './streams/download-stream.js';
export { UploadStream } from './streams/upload-stream.js';
export { DuplexStream } from './streams/duplex-stream.js';
export type { ReadStreamCall, WriteStreamCall, DuplexStreamCall } from './streams/stream-call.js';
export {
  isStreamData,
  isStreamHole,
  isStreamReply,
  type StreamChunk,
  type StreamData,
  type StreamHoleChunk,
  type StreamItem,
  type StreamReply,
  type UploadChunk,
  type UploadSourceItem,
} from './streams/stream-item.js';
export { PullableObservable, isPullable, type PullProducer } from './streams/pullable-observable.js';
export { pulledFrom } from './streams/pulled-from.js';
export { InvalidChunkError } from './streams/invalid-chunk-error.js';
export { concatMapPulled } from './streams/concat-map-pulled.js';
export { collectBytes, type CollectedStream } from './streams/collect-bytes.js';

// libvirt's own constants by name (virErrorNumber, virDomainEventID, virConnectListAllDomainsFlags,
// VIR_DOMAIN_SCHEDULER_CPU_SHARES, ...), generated from its API description.
export * from './generated/libvirt/index.js';
// libvirt's object references by their plain names, as a test or a signature needs them.
export type {
  RemoteNonnullDomain,
  RemoteNonnullDomainCheckpoint,
  RemoteNonnullDomainSnapshot,
  RemoteNonnullInterface,
  RemoteNonnullNetwork,
  RemoteNonnullNetworkPort,
  RemoteNonnullNodeDevice,
  RemoteNonnullNwfilter,
  RemoteNonnullNwfilterBinding,
  RemoteNonnullSecret,
  RemoteNonnullStoragePool,
  RemoteNonnullStorageVol,
} from './generated/remote/types.js';
// Each program's generated types (remote.RemoteNonnullDomain, ...), codecs, constants and procedure table.
export * as remote from './generated/remote/index.js';
export * as qemu from './generated/qemu/index.js';
export * as lxc from './generated/lxc/index.js';
export * as admin from './generated/admin/index.js';
