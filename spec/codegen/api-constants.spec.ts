import { resolveApiConstants } from '../../tools/codegen/api-constants.js';
import { readApiXml } from '../../tools/codegen/api-xml.js';
import { CExpressionError, evaluateCExpression } from '../../tools/codegen/c-expression.js';

const noNames = (): bigint | undefined => undefined;

describe('evaluateCExpression', () => {
  it.each([
    ['(16)', 16n],
    ['(256 + 1)', 257n],
    ['(36+1)', 37n],
    ['80', 80n],
    ['0x1F', 31n],
    ['(1 << 4) | 1', 17n],
    ['2 + 3 * 4', 14n],
    ['(2 + 3) * 4', 20n],
    ['-(8 / 3)', -2n],
    ['~0 & 0xff', 255n],
    ['9007199254740991LL /* = INT64_MAX >> 10 */', 9007199254740991n],
    ['10U - 1UL', 9n],
  ])('evaluates %s', (text, value) => {
    expect(evaluateCExpression(text, noNames)).toBe(value);
  });

  it('resolves names through the lookup', () => {
    expect(evaluateCExpression('(BASE + 1)', (name) => (name === 'BASE' ? 4096n : undefined))).toBe(4097n);
  });

  it.each(['_virTypedParameter', 'memcpy(a, b, 1)', '(1 + 2', '"text"', '1 / 0', ''])('rejects %j', (text) => {
    expect(() => evaluateCExpression(text, noNames)).toThrow(CExpressionError);
  });
});

const MAIN_XML = `<?xml version="1.0" encoding="UTF-8"?>
<api name='libvirt'>
  <files><file name='libvirt-common'><exports symbol='VIR_TYPED_PARAM_INT' type='enum'/></file></files>
  <symbols>
    <macro name='LIBVIR_CHECK_VERSION' file='libvirt-common' params='major,minor,micro' raw='((major) * 1000000)' version='1.2.0'>
      <info><![CDATA[function-like]]></info>
    </macro>
    <macro name='VIR_SECURITY_MODEL_BUFLEN' file='libvirt-host' raw='(256 + 1)' version='0.6.1'>
      <info><![CDATA[prose]]></info>
    </macro>
    <macro name='VIR_UUID_BUFLEN' file='libvirt-host' raw='(16)' version='0.2.0'>
    </macro>
    <macro name='VIR_ALIAS_LENGTH' file='libvirt-host' raw='VIR_UUID_BUFLEN' version='0.2.0'>
    </macro>
    <macro name='_virBlkioParameter' file='libvirt-domain' raw='_virTypedParameter' version='0.9.0'>
    </macro>
    <macro name='VIR_BIG' file='libvirt-domain' raw='9007199254740991LL /* = INT64_MAX &gt;&gt; 10 */' version='0.8.8'>
    </macro>
    <macro name='VIR_DOMAIN_SCHEDULER_CPU_SHARES' file='libvirt-domain' string='cpu_shares' version='0.9.7'>
    </macro>
    <enum name='VIR_TYPED_PARAM_STRING' file='libvirt-common' value='7' value_hex='0x7' type='virTypedParameterType' version='0.9.8' info='string case'/>
    <enum name='VIR_TYPED_PARAM_INT' file='libvirt-common' value='1' value_hex='0x1' type='virTypedParameterType' version='0.9.2' info='integer &lt;int&gt; &amp; &apos;more&apos;'/>
    <enum name='VIR_DOMAIN_BLKIO_PARAM_INT' file='libvirt-domain' value='VIR_TYPED_PARAM_INT' type='virBlkioParameterType' version='0.9.0'/>
    <enum name='VIR_ERR_OK' file='virterror' value='0' type='virErrorNumber' version='0.1.0'/>
  </symbols>
</api>`;

const QEMU_XML = `<api name='libvirt-qemu'><symbols>
    <enum name='VIR_QEMU_BLOCK' file='libvirt-qemu' value='VIR_TYPED_PARAM_STRING' type='virQemuThing' version='0.10.0'/>
</symbols></api>`;

describe('readApiXml', () => {
  it('reads enum values and macros with decoded entities', () => {
    const description = readApiXml(MAIN_XML, 'main.xml');
    expect(description.enums.find((e) => e.name === 'VIR_TYPED_PARAM_INT')).toEqual({
      name: 'VIR_TYPED_PARAM_INT',
      type: 'virTypedParameterType',
      value: '1',
      module: 'libvirt-common',
    });
    expect(description.macros.find((m) => m.name === 'LIBVIR_CHECK_VERSION')?.functionLike).toBe(true);
    expect(description.macros.find((m) => m.name === 'VIR_BIG')?.raw).toBe('9007199254740991LL /* = INT64_MAX >> 10 */');
    expect(description.macros.find((m) => m.name === 'VIR_DOMAIN_SCHEDULER_CPU_SHARES')).toMatchObject({ raw: null, string: 'cpu_shares' });
  });
});

describe('resolveApiConstants', () => {
  const constants = resolveApiConstants([readApiXml(MAIN_XML, 'main.xml'), readApiXml(QEMU_XML, 'qemu.xml')]);

  it('evaluates raw C text and follows names, also across files', () => {
    expect(constants.lookup('VIR_UUID_BUFLEN')).toBe(16n);
    expect(constants.lookup('VIR_SECURITY_MODEL_BUFLEN')).toBe(257n);
    expect(constants.lookup('VIR_ALIAS_LENGTH')).toBe(16n);
    expect(constants.lookup('VIR_DOMAIN_BLKIO_PARAM_INT')).toBe(1n);
    expect(constants.lookup('VIR_QEMU_BLOCK')).toBe(7n);
  });

  it('leaves out function-like macros and text that is not an integer expression', () => {
    expect(constants.lookup('LIBVIR_CHECK_VERSION')).toBeUndefined();
    expect(constants.lookup('_virBlkioParameter')).toBeUndefined();
    expect(constants.files[0].numericMacros.map((m) => m.name)).toEqual([
      'VIR_ALIAS_LENGTH',
      'VIR_BIG',
      'VIR_SECURITY_MODEL_BUFLEN',
      'VIR_UUID_BUFLEN',
    ]);
  });

  it('groups enum values by C type, sorted by value, with the header that names their reference page', () => {
    expect(constants.files[0].enumGroups).toEqual([
      { type: 'virBlkioParameterType', module: 'libvirt-domain', members: [{ name: 'VIR_DOMAIN_BLKIO_PARAM_INT', value: 1n }] },
      { type: 'virErrorNumber', module: 'virterror', members: [{ name: 'VIR_ERR_OK', value: 0n }] },
      {
        type: 'virTypedParameterType',
        module: 'libvirt-common',
        members: [
          { name: 'VIR_TYPED_PARAM_INT', value: 1n },
          { name: 'VIR_TYPED_PARAM_STRING', value: 7n },
        ],
      },
    ]);
    expect(constants.files[1].enumGroups).toEqual([{ type: 'virQemuThing', module: 'libvirt-qemu', members: [{ name: 'VIR_QEMU_BLOCK', value: 7n }] }]);
    expect(constants.files[0].stringMacros).toEqual([{ name: 'VIR_DOMAIN_SCHEDULER_CPU_SHARES', value: 'cpu_shares' }]);
  });

  it('refuses a name defined twice', () => {
    expect(() => resolveApiConstants([readApiXml(MAIN_XML, 'a.xml'), readApiXml(MAIN_XML, 'b.xml')])).toThrow(/defined twice/);
  });
});
