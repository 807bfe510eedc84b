import type { RemoteNonnullDomain, RemoteNonnullNetwork, RemoteNonnullNodeDevice, RemoteNonnullSecret, RemoteNonnullStoragePool } from '../generated/remote/types.js';

/**
 * What events carry their object as, by the payload field that holds it: plain reference structs
 * here, a connection's objects (`Domain`, `Network`, ...) on `conn.events`.
 */
export interface EventReferences {
  readonly dom: RemoteNonnullDomain;
  readonly net: RemoteNonnullNetwork;
  readonly pool: RemoteNonnullStoragePool;
  readonly dev: RemoteNonnullNodeDevice;
  readonly secret: RemoteNonnullSecret;
}

/** The payload field that holds an event's object. */
export type EventReferenceField = keyof EventReferences;

/**
 * Turns the reference an event carries into what its stream emits (an object of the connection).
 * Called once per event, so it should allocate no more than the object.
 */
export type EventObjectFactory = (field: EventReferenceField, ref: object) => object;

/** Event `E` with its `Field` typed as `Ref`: `{ dom: Domain, event, ... }`. */
export type WithReference<E, Field extends EventReferenceField, Ref> = { [K in keyof E]: K extends Field ? Ref : E[K] } & {};
