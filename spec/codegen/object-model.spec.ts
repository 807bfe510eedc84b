import { buildObjectModel, objectMethodName } from '../../tools/codegen/object-model.js';
import { buildProgram } from '../../tools/codegen/program-model.js';
import { resolveSnippet, XML_CONSTANTS } from './snippet.js';
import type { ProgramConfig } from '../../tools/codegen/inputs.js';
import type { ObjectClassConfig } from '../../tools/codegen/object-classes.js';
import type { ObjectMethodModel } from '../../tools/codegen/object-model.js';

const CONFIG: ProgramConfig = {
  name: 'remote',
  programConstant: 'TEST_PROGRAM',
  versionConstant: 'TEST_PROTOCOL_VERSION',
  procedureEnum: 'test_procedure',
  procedurePrefix: 'TEST_PROC_',
  payloadPrefix: 'test_',
  infoName: 'TEST_PROGRAM_INFO',
  apiName: 'TestApi',
};

const CLASSES: readonly ObjectClassConfig[] = [
  { name: 'Domain', type: 'remote_nonnull_domain', key: null },
  { name: 'DomainSnapshot', type: 'remote_nonnull_domain_snapshot', key: null },
  { name: 'NodeDevice', type: 'remote_nonnull_node_device', key: 'name' },
];

const REFERENCES = `
struct remote_nonnull_domain { string name<>; int id; };
struct remote_nonnull_domain_snapshot { string name<>; remote_nonnull_domain dom; };
struct remote_nonnull_node_device { string name<>; };
const TEST_PROGRAM = 1;
const TEST_PROTOCOL_VERSION = 1;
`;

const SNIPPET = `${REFERENCES}
struct test_domain_get_xml_desc_args { remote_nonnull_domain dom; unsigned int flags; };
struct test_domain_get_xml_desc_ret { string xml<>; };
struct test_domain_suspend_args { remote_nonnull_domain dom; };
struct test_domain_snapshot_lookup_by_name_args { remote_nonnull_domain dom; string name<>; };
struct test_domain_snapshot_lookup_by_name_ret { remote_nonnull_domain_snapshot snap; };
struct test_domain_revert_to_snapshot_args { remote_nonnull_domain_snapshot snap; unsigned int flags; };
struct test_domain_lookup_by_name_args { string name<>; };
struct test_domain_lookup_by_name_ret { remote_nonnull_domain dom; };
struct test_connect_list_all_domains_args { int need_results; };
struct test_connect_list_all_domains_ret { remote_nonnull_domain domains<>; unsigned int ret; };
struct test_node_device_get_xml_desc_args { string name<>; unsigned int flags; };
struct test_node_device_get_xml_desc_ret { string xml<>; };
struct test_node_device_lookup_by_name_args { string name<>; };
struct test_node_device_lookup_by_name_ret { remote_nonnull_node_device dev; };
struct test_connect_get_hostname_ret { string hostname<>; };
enum test_procedure {
    TEST_PROC_DOMAIN_GET_XML_DESC = 1,
    TEST_PROC_DOMAIN_SUSPEND = 2,
    TEST_PROC_DOMAIN_SNAPSHOT_LOOKUP_BY_NAME = 3,
    TEST_PROC_DOMAIN_REVERT_TO_SNAPSHOT = 4,
    TEST_PROC_DOMAIN_LOOKUP_BY_NAME = 5,
    TEST_PROC_CONNECT_LIST_ALL_DOMAINS = 6,
    TEST_PROC_NODE_DEVICE_GET_XML_DESC = 7,
    TEST_PROC_NODE_DEVICE_LOOKUP_BY_NAME = 8,
    TEST_PROC_CONNECT_GET_HOSTNAME = 9
};`;

function model(source: string) {
  const program = buildProgram(resolveSnippet(source), CONFIG, (name) => XML_CONSTANTS[name]);
  return buildObjectModel(program, CLASSES);
}

/** `[method, procedure number, argument]` rows, to compare a class's methods at a glance. */
function rows(methods: readonly ObjectMethodModel[]): Array<[string, number, string | null]> {
  return methods.map(({ method, procedure, argument }) => [method, procedure.number, argument?.name ?? null]);
}

describe('objectMethodName', () => {
  it('drops the leading words the procedure shares with the class', () => {
    expect(objectMethodName('DOMAIN_GET_XML_DESC', 'DOMAIN')).toBe('getXmlDesc');
    expect(objectMethodName('DOMAIN_SNAPSHOT_LOOKUP_BY_NAME', 'DOMAIN')).toBe('snapshotLookupByName');
    expect(objectMethodName('DOMAIN_SNAPSHOT_GET_XML_DESC', 'DOMAIN_SNAPSHOT')).toBe('getXmlDesc');
    expect(objectMethodName('DOMAIN_REVERT_TO_SNAPSHOT', 'DOMAIN_SNAPSHOT')).toBe('revertToSnapshot');
    expect(objectMethodName('STORAGE_VOL_CREATE_XML', 'STORAGE_POOL')).toBe('volCreateXml');
    expect(objectMethodName('STORAGE_POOL_LOOKUP_BY_VOLUME', 'STORAGE_VOL')).toBe('poolLookupByVolume');
    expect(objectMethodName('NETWORK_PORT_CREATE_XML', 'NETWORK')).toBe('portCreateXml');
  });

  it('refuses a procedure that is nothing but the class name', () => {
    expect(() => objectMethodName('DOMAIN', 'DOMAIN')).toThrow(/leaves no method name/);
  });
});

describe('buildObjectModel', () => {
  const { classes, connectionMethods } = model(SNIPPET);
  const byName = new Map(classes.map((objectClass) => [objectClass.config.name, objectClass]));

  it('makes procedures methods of the class of their first argument', () => {
    expect(rows(byName.get('Domain')?.methods ?? [])).toEqual([
      ['getXmlDesc', 1, 'dom'],
      ['suspend', 2, 'dom'],
      ['snapshotLookupByName', 3, 'dom'],
    ]);
    expect(rows(byName.get('DomainSnapshot')?.methods ?? [])).toEqual([['revertToSnapshot', 4, 'snap']]);
  });

  it('gives a keyed class the procedures of its words that take the key, but not its lookups', () => {
    expect(rows(byName.get('NodeDevice')?.methods ?? [])).toEqual([['getXmlDesc', 7, 'name']]);
  });

  it('notes where replies carry references', () => {
    const lookup = byName.get('Domain')?.methods.find(({ method }) => method === 'snapshotLookupByName');
    expect(lookup?.reply.map(({ field, objectClass, array }) => [field, objectClass.name, array])).toEqual([[null, 'DomainSnapshot', false]]);
  });

  it('puts the other procedures that reply with references on the connection, under their flat names', () => {
    expect(rows(connectionMethods)).toEqual([
      ['domainLookupByName', 5, null],
      ['connectListAllDomains', 6, null],
      ['nodeDeviceLookupByName', 8, null],
    ]);
    expect(connectionMethods[1].reply.map(({ field, objectClass, array }) => [field?.name, objectClass.name, array])).toEqual([
      ['domains', 'Domain', true],
    ]);
  });

  it('refuses a method that would shadow a field of the reference', () => {
    const source = `${REFERENCES}
struct test_domain_id_args { remote_nonnull_domain dom; };
enum test_procedure { TEST_PROC_DOMAIN_ID = 1 };`;
    expect(() => model(source)).toThrow(/Domain.id \(TEST_PROC_DOMAIN_ID\) clashes with the field id/);
  });

  it('refuses a method named like an inherited property', () => {
    const source = `${REFERENCES}
struct test_domain_to_string_args { remote_nonnull_domain dom; };
enum test_procedure { TEST_PROC_DOMAIN_TO_STRING = 1 };`;
    expect(() => model(source)).toThrow(/Domain.toString .* clashes with an inherited property/);
  });

  it('refuses a stream procedure whose reply carries references', () => {
    const source = `${REFERENCES}
struct test_domain_open_args { string name<>; };
struct test_domain_open_ret { remote_nonnull_domain dom; };
enum test_procedure {
    /** @readstream: 1 */
    TEST_PROC_DOMAIN_OPEN = 1
};`;
    expect(() => model(source)).toThrow(/opens a stream and replies with objects/);
  });
});
