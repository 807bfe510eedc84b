import type { StreamDirection } from '../../src/protocol/procedure.js';

export interface StreamOverride {
  readonly unit: string;
  readonly number: number;
  /** Procedure name without its prefix, checked against the `.x` file to catch typos. */
  readonly stem: string;
  readonly stream: StreamDirection;
}

/**
 * Stream directions that libvirt's annotations get wrong. The console (201) and channel (296)
 * carry data both ways but are annotated `@readstream`; DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS
 * (304) opens a write stream like 215 but, being hand-written upstream (`@generate: none`), has
 * no stream annotation at all.
 */
export const STREAM_OVERRIDES: readonly StreamOverride[] = [
  { unit: 'remote', number: 201, stem: 'DOMAIN_OPEN_CONSOLE', stream: 'both' },
  { unit: 'remote', number: 296, stem: 'DOMAIN_OPEN_CHANNEL', stream: 'both' },
  { unit: 'remote', number: 304, stem: 'DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS', stream: 'write' },
];
