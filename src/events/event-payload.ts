/** Spelled-out object type, so that editors show an event's fields rather than an intersection. */
export type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * An event's data as the daemon sent it, without the routing field `callbackID`. libvirt's older
 * `*_callback_*_msg` structs wrap the legacy payload in a `msg` field (some with a `reason` beside
 * it); its fields are lifted to the top, so that every domain event has its `dom` at the top.
 */
export type EventPayload<Msg> = Msg extends { msg: infer Inner } ? Flat<Omit<Msg, 'callbackID' | 'msg'> & Inner> : Flat<Omit<Msg, 'callbackID'>>;

/** The runtime side of {@link EventPayload}. */
export function eventPayload<Msg extends object>(msg: Msg): EventPayload<Msg> {
  const fields: Record<string, unknown> = { ...(msg as Record<string, unknown>) };
  const inner = fields.msg;
  delete fields.callbackID;
  delete fields.msg;
  return (typeof inner === 'object' && inner !== null ? { ...fields, ...inner } : fields) as EventPayload<Msg>;
}
