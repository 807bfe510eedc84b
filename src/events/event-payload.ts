/** Spelled-out object type, so that editors show an event's fields rather than an intersection. */
export type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * An event's data as the daemon sent it, without the routing field `callbackID`. libvirt's older
 * `*_callback_*_msg` structs wrap the legacy payload in a `msg` field (some with a `reason` beside
 * it); its fields are lifted to the top, so that every domain event has its `dom` at the top.
 */
export type EventPayload<Msg> = Msg extends { msg: infer Inner } ? Flat<Omit<Msg, 'callbackID' | 'msg'> & Inner> : Flat<Omit<Msg, 'callbackID'>>;

/**
 * The runtime side of {@link EventPayload}. Builds the payload by adding fields rather than
 * spreading and deleting: every event of a kind then gets the same object shape, which keeps the
 * per-event cost down (the `msg` struct, when there is one, is reused as the payload).
 */
export function eventPayload<Msg extends object>(msg: Msg): EventPayload<Msg> {
  const fields = msg as Record<string, unknown>;
  const inner = fields.msg;
  const payload: Record<string, unknown> = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
  for (const key in fields) {
    if (key !== 'callbackID' && key !== 'msg') payload[key] = fields[key];
  }
  return payload as EventPayload<Msg>;
}
