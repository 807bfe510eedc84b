// The generated object tables against the generated procedure table they point into.
import { CONNECTION_OBJECT_METHOD_INFO, OBJECT_CLASS_INFO } from '../../src/generated/remote/objects.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import * as objectClasses from '../../src/objects/object-classes.js';

const rows = [...OBJECT_CLASS_INFO.flatMap((info) => info.methods), ...CONNECTION_OBJECT_METHOD_INFO];
const methodsOf = (name: string): Map<string, string | undefined> =>
  new Map(
    (OBJECT_CLASS_INFO.find((info) => info.name === name)?.methods ?? []).map((row) => [row.method, REMOTE_PROGRAM_INFO.procedures.get(row.procedure)?.name]),
  );

describe('generated object tables', () => {
  it('point at call procedures, each at most once', () => {
    for (const row of rows) expect(REMOTE_PROGRAM_INFO.procedures.get(row.procedure)?.kind).toBe('call');
    expect(new Set(rows.map((row) => row.procedure)).size).toBe(rows.length);
  });

  it('have the twelve classes of libvirt objects', () => {
    expect(OBJECT_CLASS_INFO.map((info) => [info.name, info.methods.length > 0])).toEqual(
      [
        'Domain',
        'Network',
        'NetworkPort',
        'StoragePool',
        'StorageVol',
        'NodeDevice',
        'Secret',
        'Interface',
        'NWFilter',
        'NWFilterBinding',
        'DomainSnapshot',
        'DomainCheckpoint',
      ].map((name) => [name, true]),
    );
  });

  it('become classes whose methods are named as called, for stack traces and debuggers', () => {
    const classes = objectClasses as unknown as Record<string, { prototype: Record<string, unknown> }>;
    for (const info of OBJECT_CLASS_INFO) {
      for (const row of info.methods) expect((classes[info.name].prototype[row.method] as () => void).name).toBe(row.method);
    }
  });

  it('name methods after the procedure without the object', () => {
    expect(methodsOf('Domain').get('getXmlDesc')).toBe('REMOTE_PROC_DOMAIN_GET_XML_DESC');
    expect(methodsOf('Domain').get('screenshot')).toBe('REMOTE_PROC_DOMAIN_SCREENSHOT');
    expect(methodsOf('Domain').get('listAllSnapshots')).toBe('REMOTE_PROC_DOMAIN_LIST_ALL_SNAPSHOTS');
    expect(methodsOf('StoragePool').get('listAllVolumes')).toBe('REMOTE_PROC_STORAGE_POOL_LIST_ALL_VOLUMES');
    expect(methodsOf('StoragePool').get('volLookupByName')).toBe('REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_NAME');
    expect(methodsOf('StorageVol').get('download')).toBe('REMOTE_PROC_STORAGE_VOL_DOWNLOAD');
    expect(methodsOf('Network').get('portCreateXml')).toBe('REMOTE_PROC_NETWORK_PORT_CREATE_XML');
    expect(methodsOf('DomainSnapshot').get('revertToSnapshot')).toBe('REMOTE_PROC_DOMAIN_REVERT_TO_SNAPSHOT');
    expect(methodsOf('NodeDevice').get('getXmlDesc')).toBe('REMOTE_PROC_NODE_DEVICE_GET_XML_DESC');
    expect(methodsOf('NodeDevice').has('lookupByName')).toBe(false);
  });

  it('put lookups, create*, define* and listings of every class on the connection', () => {
    const names = new Set(CONNECTION_OBJECT_METHOD_INFO.map((row) => row.method));
    for (const method of [
      'domainLookupByName',
      'domainCreateXml',
      'domainDefineXml',
      'connectListAllDomains',
      'networkLookupByName',
      'storagePoolLookupByName',
      'storageVolLookupByPath',
      'nodeDeviceLookupByName',
      'connectListAllNodeDevices',
      'secretDefineXml',
      'interfaceLookupByName',
      'nwfilterLookupByName',
      'nwfilterBindingCreateXml',
      'connectListAllNwfilterBindings',
    ]) {
      expect(names).toContain(method);
    }
  });
});
