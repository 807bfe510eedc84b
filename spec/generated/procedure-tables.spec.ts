import { ADMIN_PROGRAM_INFO } from '../../src/generated/admin/procedures.js';
import { KEEPALIVE_PROGRAM_INFO } from '../../src/generated/keepalive/procedures.js';
import { LXC_PROGRAM_INFO } from '../../src/generated/lxc/procedures.js';
import { QEMU_PROGRAM_INFO } from '../../src/generated/qemu/procedures.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { virStorageVolDownloadFlags, virStorageVolUploadFlags } from '../../src/generated/libvirt/libvirt.js';
import { remote_procedure } from '../../src/generated/remote/constants.js';
import type { ProcedureInfo, ProgramInfo } from '../../src/protocol/procedure.js';

const PROGRAMS: readonly [ProgramInfo, number, number][] = [
  [REMOTE_PROGRAM_INFO, 0x20008086, 453],
  [QEMU_PROGRAM_INFO, 0x20008087, 7],
  [LXC_PROGRAM_INFO, 0x00068000, 1],
  [ADMIN_PROGRAM_INFO, 0x06900690, 19],
  [KEEPALIVE_PROGRAM_INFO, 0x6b656570, 2],
];

function procedure(program: ProgramInfo, number: number): ProcedureInfo {
  const info = program.procedures.get(number);
  if (info === undefined) throw new Error(`${program.name} has no procedure ${number}`);
  return info;
}

describe('generated procedure tables', () => {
  it.each(PROGRAMS)('%#: numbers every procedure 1..N under its program', (program, number, count) => {
    expect(program.program).toBe(number);
    expect(program.version).toBe(1);
    expect(program.procedures.size).toBe(count);
    expect([...program.procedures.keys()]).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    for (const [key, info] of program.procedures) {
      expect(info).toMatchObject({ number: key, program: number, programVersion: 1 });
    }
    const methods = [...program.procedures.values()].map((info) => info.method);
    expect(new Set(methods).size).toBe(methods.length);
  });

  it('has 482 procedures in all', () => {
    expect(PROGRAMS.reduce((sum, [program]) => sum + program.procedures.size, 0)).toBe(482);
  });

  it('names procedures and methods after libvirt constants', () => {
    expect(procedure(REMOTE_PROGRAM_INFO, 23)).toMatchObject({
      name: 'REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME',
      method: 'domainLookupByName',
      kind: 'call',
      unwrapField: 'dom',
      priority: 'high',
    });
    expect(remote_procedure.REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME).toBe(23);
    expect(procedure(KEEPALIVE_PROGRAM_INFO, 1)).toMatchObject({ method: 'ping', kind: 'message', encodeMessage: null, decodeMessage: null });
    expect(procedure(KEEPALIVE_PROGRAM_INFO, 2)).toMatchObject({ method: 'pong', kind: 'message' });
  });

  it('marks event procedures as messages with a payload codec', () => {
    const lifecycle = procedure(REMOTE_PROGRAM_INFO, 318);
    expect(lifecycle).toMatchObject({ name: 'REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE', kind: 'message', encodeArgs: null, decodeRet: null });
    expect(lifecycle.decodeMessage).toEqual(expect.any(Function));
    expect(procedure(QEMU_PROGRAM_INFO, 6)).toMatchObject({ method: 'domainMonitorEvent', kind: 'message' });
    expect(procedure(REMOTE_PROGRAM_INFO, 453)).toMatchObject({ method: 'domainEventNicMacChange', kind: 'message' });
  });

  it('applies the stream annotations and the override table', () => {
    const streams = [...REMOTE_PROGRAM_INFO.procedures.values()]
      .filter((info) => info.stream !== null)
      .map((info) => [info.number, info.stream]);
    expect(streams).toEqual([
      [148, 'write'],
      [201, 'both'],
      [208, 'write'],
      [209, 'read'],
      [211, 'read'],
      [215, 'write'],
      [296, 'both'],
      [304, 'write'],
    ]);
  });

  it('resolves the sparse flags from the API XML', () => {
    expect(procedure(REMOTE_PROGRAM_INFO, 208).sparseFlag).toBe(virStorageVolUploadFlags.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
    expect(procedure(REMOTE_PROGRAM_INFO, 209).sparseFlag).toBe(virStorageVolDownloadFlags.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
    const sparse = [...REMOTE_PROGRAM_INFO.procedures.values()].filter((info) => info.sparseFlag !== null);
    expect(sparse.map((info) => info.number)).toEqual([208, 209]);
  });

  it('lists the procedures that pass file descriptors', () => {
    const fds = PROGRAMS.flatMap(([program]) =>
      [...program.procedures.values()].filter((info) => info.fds !== null).map((info) => [program.name, info.number, info.fds]),
    );
    expect(fds).toEqual([
      ['remote', 249, 'call'],
      ['remote', 309, 'call'],
      ['remote', 310, 'call'],
      ['remote', 343, 'reply'],
      ['remote', 443, 'call'],
      ['qemu', 7, 'both'],
      ['lxc', 1, 'reply'],
    ]);
  });

  it('keeps every @acl line and the @generate annotation', () => {
    expect(procedure(REMOTE_PROGRAM_INFO, 451).acl).toEqual([
      'domain:write',
      'domain:save:!VIR_DOMAIN_AFFECT_CONFIG|VIR_DOMAIN_AFFECT_LIVE',
      'domain:save:VIR_DOMAIN_AFFECT_CONFIG',
    ]);
    expect(procedure(REMOTE_PROGRAM_INFO, 1)).toMatchObject({ generate: 'none', acl: ['connect:getattr'] });
    expect(procedure(ADMIN_PROGRAM_INFO, 3)).toMatchObject({ generate: 'both', priority: 'low', acl: [] });
  });

  it('gives each call the codecs of its payload structs', () => {
    const open = procedure(REMOTE_PROGRAM_INFO, 1);
    expect(open.encodeArgs).toEqual(expect.any(Function));
    expect(open.decodeRet).toBeNull();
    const nodeInfo = procedure(REMOTE_PROGRAM_INFO, 6);
    expect(nodeInfo).toMatchObject({ encodeArgs: null, unwrapField: null });
    expect(nodeInfo.decodeRet).toEqual(expect.any(Function));
  });
});
