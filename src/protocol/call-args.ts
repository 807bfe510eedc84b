/**
 * A procedure's arguments as a caller passes them: `Omitted` left out (the object a method is
 * called on supplies it), `Defaulted` optional (the encoder sends libvirt's default in their
 * place: 0 for a trailing `flags`, 1 for `need_results`).
 *
 * @example
 * type SuspendArgs = CallArgs<RemoteDomainGetXmlDescArgs, 'flags', 'dom'>; // { flags?: number }
 */
export type CallArgs<Args, Defaulted extends keyof Args = never, Omitted extends keyof Args = never> = {
  [K in Exclude<keyof Args, Defaulted | Omitted>]: Args[K];
} & { [K in Exclude<Defaulted, Omitted>]?: Args[K] };
