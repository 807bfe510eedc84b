import type { ProgramInfo } from '../../src/protocol/procedure.js';

/** How one RPC program's procedures are named and numbered in its `.x` file. */
export interface ProgramConfig {
  readonly name: ProgramInfo['name'];
  /** `.x` constants holding the program number and version. */
  readonly programConstant: string;
  readonly versionConstant: string;
  /** The enum that numbers the procedures. */
  readonly procedureEnum: string;
  /** Prefix stripped from procedure names to make method names. */
  readonly procedurePrefix: string;
  /** Prefix of payload structs (`remote_` in `remote_x_args`); null when there are none. */
  readonly payloadPrefix: string | null;
  /** Exported names of the generated program table and API interface. */
  readonly infoName: string;
  readonly apiName: string | null;
}

/** One `.x` input file and where its generated code goes. */
export interface InputFile {
  readonly file: string;
  /** Output folder under src/generated, also the unit name for cross-file references. */
  readonly unit: string;
  /** Units whose types this file uses (the `%#include "remote_protocol.h"` of qemu and lxc). */
  readonly dependencies: readonly string[];
  readonly program: ProgramConfig | null;
}

/** Input files in dependency order. */
export const INPUT_FILES: readonly InputFile[] = [
  { file: 'virnetprotocol.x', unit: 'virnet', dependencies: [], program: null },
  {
    file: 'virkeepaliveprotocol.x',
    unit: 'keepalive',
    dependencies: [],
    program: {
      name: 'keepalive',
      programConstant: 'KEEPALIVE_PROGRAM',
      versionConstant: 'KEEPALIVE_PROTOCOL_VERSION',
      procedureEnum: 'keepalive_procedure',
      procedurePrefix: 'KEEPALIVE_PROC_',
      payloadPrefix: null,
      infoName: 'KEEPALIVE_PROGRAM_INFO',
      apiName: null,
    },
  },
  {
    file: 'remote_protocol.x',
    unit: 'remote',
    dependencies: [],
    program: {
      name: 'remote',
      programConstant: 'REMOTE_PROGRAM',
      versionConstant: 'REMOTE_PROTOCOL_VERSION',
      procedureEnum: 'remote_procedure',
      procedurePrefix: 'REMOTE_PROC_',
      payloadPrefix: 'remote_',
      infoName: 'REMOTE_PROGRAM_INFO',
      apiName: 'RemoteApi',
    },
  },
  {
    file: 'qemu_protocol.x',
    unit: 'qemu',
    dependencies: ['remote'],
    program: {
      name: 'qemu',
      programConstant: 'QEMU_PROGRAM',
      versionConstant: 'QEMU_PROTOCOL_VERSION',
      procedureEnum: 'qemu_procedure',
      procedurePrefix: 'QEMU_PROC_',
      payloadPrefix: 'qemu_',
      infoName: 'QEMU_PROGRAM_INFO',
      apiName: 'QemuApi',
    },
  },
  {
    file: 'lxc_protocol.x',
    unit: 'lxc',
    dependencies: ['remote'],
    program: {
      name: 'lxc',
      programConstant: 'LXC_PROGRAM',
      versionConstant: 'LXC_PROTOCOL_VERSION',
      procedureEnum: 'lxc_procedure',
      procedurePrefix: 'LXC_PROC_',
      payloadPrefix: 'lxc_',
      infoName: 'LXC_PROGRAM_INFO',
      apiName: 'LxcApi',
    },
  },
  {
    file: 'admin_protocol.x',
    unit: 'admin',
    dependencies: [],
    program: {
      name: 'admin',
      programConstant: 'ADMIN_PROGRAM',
      versionConstant: 'ADMIN_PROTOCOL_VERSION',
      procedureEnum: 'admin_procedure',
      procedurePrefix: 'ADMIN_PROC_',
      payloadPrefix: 'admin_',
      infoName: 'ADMIN_PROGRAM_INFO',
      apiName: 'AdminApi',
    },
  },
];

/** API XML files; all their constants are visible to every `.x` file. */
export const API_XML_FILES: readonly { readonly file: string; readonly module: string }[] = [
  { file: 'libvirt-api.xml', module: 'libvirt' },
  { file: 'libvirt-qemu-api.xml', module: 'qemu' },
  { file: 'libvirt-lxc-api.xml', module: 'lxc' },
  { file: 'libvirt-admin-api.xml', module: 'admin' },
];
