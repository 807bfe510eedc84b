/**
 * rxvirt/testing: an in-process fake libvirt daemon for tests of code that uses rxvirt. Portable
 * (no `node:` module); serving it on a unix socket is rxvirt/testing/node's `listenFakeDaemon`.
 *
 * @module
 */
export { FakeDaemon, connectFake } from './fake-daemon.js';
export type { FakeDaemonOptions } from './fake-daemon.js';
export { createTransportPair, DEFAULT_HIGH_WATER_MARK } from './transport-pair.js';
export type { TransportPair, TransportPairOptions } from './transport-pair.js';
export { FaultInjector } from './faults.js';
export type { OutgoingFrameKind } from './faults.js';
export { DaemonError, DaemonErrors, daemonError } from './daemon-error.js';
export { DomainModel, FakeDomain, TEST_DOMAIN } from './domain-model.js';
export type { FakeDomainDefinition, LifecycleChange } from './domain-model.js';
export { DEFAULT_POOL, FakePool, FakeVolume, StorageModel, pattern } from './storage-model.js';
export type { FakePoolDefinition, FakeVolumeDefinition, VolumeExtent, VolumeSegment } from './storage-model.js';
export { ServerSession } from './server-session.js';
export { FAKE_DRIVER_URI } from './procedures.js';
export type { DaemonIdentity } from './procedures.js';
export { SCREENSHOT_MIME, SCREENSHOT_PNG } from './screenshot.js';

// Helpers for marble tests of code that uses rxvirt (README: "Marble testing your code").
export { stubConnection, type ConnectionStubs } from './stub-connection.js';
export { UnstubbedError } from './unstubbed-error.js';
export { libvirtError, type LibvirtErrorCodeName, type LibvirtErrorDomainName, type LibvirtErrorOptions } from './libvirt-errors.js';
export { domainRef, networkRef, nodeDeviceRef, storagePoolRef, storageVolRef, type DomainRefOptions, type UuidRefOptions } from './references.js';
