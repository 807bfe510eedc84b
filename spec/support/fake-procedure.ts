import type { Frame } from '../../src/protocol/frame.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';

/** A made-up program: its procedure 7 takes an `unsigned int` and returns an `unsigned int`. */
export const FAKE_PROGRAM = 0x20008086;

export function fakeProcedure(overrides: Partial<ProcedureInfo<number, number>> = {}): ProcedureInfo<number, number> {
  return {
    program: FAKE_PROGRAM,
    programVersion: 1,
    number: 7,
    name: 'FAKE_PROC_ECHO',
    method: 'echo',
    kind: 'call',
    encodeArgs: (writer, value) => writer.writeUint(value),
    decodeArgs: (reader) => reader.readUint(),
    encodeRet: (writer, value) => writer.writeUint(value),
    decodeRet: (reader) => reader.readUint(),
    unwrapField: null,
    encodeMessage: null,
    decodeMessage: null,
    stream: null,
    sparseFlag: null,
    fds: null,
    names: null,
    typedParams: null,
    priority: 'low',
    generate: 'both',
    acl: [],
    ...overrides,
  };
}

/** Big-endian bytes of 32-bit words, written out independently of the XDR writer. */
export function words(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  values.forEach((value, i) => {
    bytes[i * 4] = (value >>> 24) & 0xff;
    bytes[i * 4 + 1] = (value >>> 16) & 0xff;
    bytes[i * 4 + 2] = (value >>> 8) & 0xff;
    bytes[i * 4 + 3] = value & 0xff;
  });
  return bytes;
}

/** A REPLY/OK frame for `serial` carrying one `unsigned int`. */
export function okReply(serial: number, value: number, proc = 7): Frame {
  return {
    header: { prog: FAKE_PROGRAM, vers: 1, proc, type: 1, serial, status: 0 },
    nfds: 0,
    payload: words(value),
  };
}

/** The serial of an encoded CALL frame (header word 5). */
export function serialOf(frame: Uint8Array): number {
  return new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(20);
}
