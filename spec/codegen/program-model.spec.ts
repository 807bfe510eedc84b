import { buildProgram } from '../../tools/codegen/program-model.js';
import { resolveSnippet, XML_CONSTANTS } from './snippet.js';
import type { ProgramConfig } from '../../tools/codegen/inputs.js';

const CONFIG: ProgramConfig = {
  name: 'qemu',
  programConstant: 'TEST_PROGRAM',
  versionConstant: 'TEST_PROTOCOL_VERSION',
  procedureEnum: 'test_procedure',
  procedurePrefix: 'TEST_PROC_',
  payloadPrefix: 'test_',
  infoName: 'TEST_PROGRAM_INFO',
  apiName: 'TestApi',
};

const SNIPPET = `
struct test_get_name_args { int id; };
struct test_get_name_ret { string name<>; };
struct test_get_info_ret { int a; hyper b; };
struct test_event_thing_msg { int callbackID; };
struct test_orphan_ret { int x; };
const TEST_PROGRAM = 0x12345678;
const TEST_PROTOCOL_VERSION = 1;
enum test_procedure {
    /**
     * @generate: both
     * @priority: high
     * @acl: domain:read
     * @acl: domain:write
     */
    TEST_PROC_GET_NAME = 1,
    /**
     * @readstream: 1
     * @sparseflag: VIR_SPARSE
     */
    TEST_PROC_GET_INFO = 2,
    TEST_PROC_EVENT_THING = 3,
    TEST_PROC_PLAIN = 4
};`;

const apiConstant = (name: string): bigint | undefined => XML_CONSTANTS[name];

describe('buildProgram', () => {
  const program = buildProgram(resolveSnippet(SNIPPET), CONFIG, apiConstant);

  it('reads the program number and version from the .x constants', () => {
    expect(program.program).toBe(0x12345678);
    expect(program.version).toBe(1);
  });

  it('finds payload structs by libvirt naming and classifies calls and messages', () => {
    const summary = program.procedures.map((p) => [p.number, p.method, p.kind, p.args?.name ?? null, p.ret?.name ?? null, p.msg?.name ?? null]);
    expect(summary).toEqual([
      [1, 'getName', 'call', 'test_get_name_args', 'test_get_name_ret', null],
      [2, 'getInfo', 'call', null, 'test_get_info_ret', null],
      [3, 'eventThing', 'message', null, null, 'test_event_thing_msg'],
      [4, 'plain', 'call', null, null, null],
    ]);
    expect(program.unmatchedPayloads).toEqual(['test_orphan_ret']);
  });

  it('unwraps a single-field _ret only', () => {
    expect(program.procedures[0].unwrapField?.name).toBe('name');
    expect(program.procedures[1].unwrapField).toBeNull();
  });

  it('applies annotations and resolves the sparse flag through the API XML', () => {
    expect(program.procedures[0]).toMatchObject({ generate: 'both', priority: 'high', acl: ['domain:read', 'domain:write'], stream: null });
    expect(program.procedures[1]).toMatchObject({ generate: null, priority: 'low', acl: [], stream: 'read', sparseFlag: 4 });
    expect(program.procedures[3]).toMatchObject({ stream: null, sparseFlag: null, fds: null });
  });

  it('refuses duplicate method names, unknown sparse flags and bad annotations', () => {
    const duplicate = SNIPPET.replace('TEST_PROC_PLAIN = 4', 'TEST_PROC_PLAIN = 4, TEST_PROC__PLAIN = 5');
    expect(() => buildProgram(resolveSnippet(duplicate), CONFIG, apiConstant)).toThrow(/method name plain is used twice/);
    expect(() => buildProgram(resolveSnippet(SNIPPET), CONFIG, () => undefined)).toThrow(/@sparseflag VIR_SPARSE is not in the API XML/);
    const bad = SNIPPET.replace('@priority: high', '@priority: urgent');
    expect(() => buildProgram(resolveSnippet(bad), CONFIG, apiConstant)).toThrow(/TEST_PROC_GET_NAME: invalid @priority/);
  });
});
