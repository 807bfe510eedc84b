// Every generated decoder and its encoder, as fuzz targets: the args, ret and msg codecs of every
// procedure of the five programs, plus virNetMessageError (what every error reply carries).
import { ADMIN_PROGRAM_INFO } from '../../src/generated/admin/procedures.js';
import { KEEPALIVE_PROGRAM_INFO } from '../../src/generated/keepalive/procedures.js';
import { LXC_PROGRAM_INFO } from '../../src/generated/lxc/procedures.js';
import { QEMU_PROGRAM_INFO } from '../../src/generated/qemu/procedures.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { decodeVirNetMessageError, encodeVirNetMessageError } from '../../src/generated/virnet/codecs.js';
import type { ProgramInfo, XdrDecoder, XdrEncoder } from '../../src/protocol/procedure.js';

export const PROGRAMS: readonly ProgramInfo[] = [
  REMOTE_PROGRAM_INFO,
  QEMU_PROGRAM_INFO,
  LXC_PROGRAM_INFO,
  ADMIN_PROGRAM_INFO,
  KEEPALIVE_PROGRAM_INFO,
];

/** One payload type of one procedure: `REMOTE_PROC_DOMAIN_GET_INFO ret`. */
export interface CodecTarget {
  readonly name: string;
  readonly decode: XdrDecoder<unknown>;
  readonly encode: XdrEncoder<unknown>;
}

function targetsOf(program: ProgramInfo): CodecTarget[] {
  const targets: CodecTarget[] = [];
  for (const procedure of program.procedures.values()) {
    const pairs = [
      ['args', procedure.decodeArgs, procedure.encodeArgs],
      ['ret', procedure.decodeRet, procedure.encodeRet],
      ['msg', procedure.decodeMessage, procedure.encodeMessage],
    ] as const;
    for (const [part, decode, encode] of pairs) {
      if (decode === null || encode === null) continue;
      targets.push({ name: `${procedure.name} ${part}`, decode, encode });
    }
  }
  return targets;
}

/** Every codec pair the generated tables hold (about 900). */
export const CODEC_TARGETS: readonly CodecTarget[] = [
  ...PROGRAMS.flatMap(targetsOf),
  {
    name: 'virNetMessageError',
    decode: decodeVirNetMessageError as XdrDecoder<unknown>,
    encode: encodeVirNetMessageError as XdrEncoder<unknown>,
  },
];

/** Procedures in the tables, all programs together. */
export const PROCEDURE_COUNT = PROGRAMS.reduce((sum, program) => sum + program.procedures.size, 0);
