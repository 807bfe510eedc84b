// The plumbing rule, counted over every generated procedure: a trailing `flags` left out encodes
// as 0 and `need_results` left out as 1, byte for byte the same as the explicit call.
import { ADMIN_PROGRAM_INFO } from '../../src/generated/admin/procedures.js';
import { LXC_PROGRAM_INFO } from '../../src/generated/lxc/procedures.js';
import { QEMU_PROGRAM_INFO } from '../../src/generated/qemu/procedures.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrWriter } from '../../src/xdr/writer.js';

const CALLS = [REMOTE_PROGRAM_INFO, QEMU_PROGRAM_INFO, LXC_PROGRAM_INFO, ADMIN_PROGRAM_INFO].flatMap((program) =>
  [...program.procedures.values()].filter((procedure) => procedure.kind === 'call' && procedure.decodeArgs !== null),
);

/**
 * A valid argument object of the procedure: its `_args` struct decoded from zero bytes (every
 * number 0, every string and array empty, every optional absent), in the struct's field order.
 */
function sampleArgs(procedure: ProcedureInfo): Record<string, unknown> {
  return procedure.decodeArgs!(new XdrReader(new Uint8Array(64 * 1024))) as Record<string, unknown>;
}

function encode(procedure: ProcedureInfo, args: unknown): Uint8Array {
  const writer = new XdrWriter();
  procedure.encodeArgs!(writer, args);
  return writer.finish();
}

function without(args: Record<string, unknown>, field: string): Record<string, unknown> {
  const rest = { ...args };
  delete rest[field];
  return rest;
}

describe('plumbing a caller may leave out, over every call procedure', () => {
  const trailingFlags = CALLS.filter((procedure) => Object.keys(sampleArgs(procedure)).at(-1) === 'flags');
  const needResults = CALLS.filter((procedure) => 'need_results' in sampleArgs(procedure));

  it('finds them all (counted in libvirt 9.0 .x files: 260 trailing flags, 18 list procedures with need_results)', () => {
    expect(trailingFlags.length).toBe(260);
    expect(needResults.map((procedure) => procedure.method).sort()).toEqual(
      expect.arrayContaining(['connectListAllDomains', 'connectListAllStoragePools', 'storagePoolListAllVolumes', 'connectListServers']),
    );
    expect(needResults.length).toBe(18);
  });

  it('encodes a left-out trailing flags as 0, exactly as flags: 0', () => {
    for (const procedure of trailingFlags) {
      const sample = sampleArgs(procedure);
      const args = { ...sample, flags: typeof sample.flags === 'bigint' ? 0n : 0 };
      expect([procedure.method, encode(procedure, without(args, 'flags'))]).toEqual([procedure.method, encode(procedure, args)]);
    }
  });

  it('encodes a left-out need_results as 1, exactly as need_results: 1', () => {
    for (const procedure of needResults) {
      const args = { ...sampleArgs(procedure), need_results: 1 };
      expect([procedure.method, encode(procedure, without(args, 'need_results'))]).toEqual([procedure.method, encode(procedure, args)]);
    }
  });

  it('leaves any other field required', () => {
    const dom = REMOTE_PROGRAM_INFO.procedures.get(34)!; // DOMAIN_SUSPEND: { dom }
    expect(() => encode(dom, {})).toThrow();
  });
});
