/** How `.x` names become TypeScript names. One place, so every emitter agrees. */

/** `remote_nonnull_domain` → `RemoteNonnullDomain`, `virNetMessageHeader` → `VirNetMessageHeader`. */
export function typeName(xdrName: string): string {
  return xdrName
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function encoderName(xdrName: string): string {
  return `encode${typeName(xdrName)}`;
}

export function decoderName(xdrName: string): string {
  return `decode${typeName(xdrName)}`;
}

/** `DOMAIN_LOOKUP_BY_NAME` → `domainLookupByName`. */
export function camelCase(upperSnake: string): string {
  const [first, ...rest] = upperSnake.toLowerCase().split('_').filter((part) => part !== '');
  return first + rest.map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}

/** `REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME` with prefix `REMOTE_PROC_` → `DOMAIN_LOOKUP_BY_NAME`. */
export function procedureStem(procedureName: string, prefix: string): string {
  if (!procedureName.startsWith(prefix)) throw new Error(`procedure ${procedureName} does not start with ${prefix}`);
  return procedureName.slice(prefix.length);
}

/**
 * libvirt's payload naming rule: `REMOTE_PROC_X_Y` travels as `remote_x_y_args`, `remote_x_y_ret`
 * or `remote_x_y_msg`.
 */
export function payloadStructName(structPrefix: string, stem: string, suffix: 'args' | 'ret' | 'msg'): string {
  return `${structPrefix}${stem.toLowerCase()}_${suffix}`;
}
