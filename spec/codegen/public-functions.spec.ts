// The tie from procedures to libvirt's public functions, on hand-written API XML and on the
// generated API (which carries a reference link per method).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicFunctionMatcher, readPublicFunctions, referenceUrl } from '../../tools/codegen/public-functions.js';

const XML = `
<api name='libvirt'>
  <symbols>
    <function name='virDomainGetXMLDesc' file='libvirt-domain' module='libvirt-domain' version='0.0.3'>
      <info><![CDATA[Prose that is not kept.]]></info>
      <return type='char *' info='text'/>
      <arg name='domain' type='virDomainPtr' info='a domain object'/>
      <arg name='flags' type='unsigned int' info='bitwise-OR of virDomainXMLFlags'/>
    </function>
    <function name='virDomainQemuMonitorCommand' file='libvirt-qemu' module='libvirt-qemu' version='0.8.3'>
      <arg name='flags' type='unsigned int' info='bitwise-OR of virDomainQemuMonitorCommandFlags'/>
    </function>
    <function name='virAdmConnectListServers' file='libvirt-admin' module='libvirt-admin' version='1.3.5'>
      <arg name='flags' type='unsigned int' info='extra flags; not used yet, so callers should always pass 0'/>
    </function>
  </symbols>
</api>`;

const CONSTANTS: Record<string, string[]> = {
  virDomainXMLFlags: ['VIR_DOMAIN_XML_SECURE', 'VIR_DOMAIN_XML_INACTIVE'],
  virDomainQemuMonitorCommandFlags: ['VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP'],
};

describe('public functions', () => {
  const functions = readPublicFunctions(XML, (type) => CONSTANTS[type] ?? []);
  const find = publicFunctionMatcher(functions);

  it('reads names, reference modules and the flag types with their constants, and no prose', () => {
    expect(functions).toEqual([
      { name: 'virDomainGetXMLDesc', module: 'libvirt-domain', flagTypes: ['virDomainXMLFlags'], flagConstants: ['VIR_DOMAIN_XML_SECURE', 'VIR_DOMAIN_XML_INACTIVE'] },
      { name: 'virDomainQemuMonitorCommand', module: 'libvirt-qemu', flagTypes: ['virDomainQemuMonitorCommandFlags'], flagConstants: ['VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP'] },
      { name: 'virAdmConnectListServers', module: 'libvirt-admin', flagTypes: [], flagConstants: [] },
    ]);
    expect(referenceUrl(functions[0])).toBe('https://libvirt.org/html/libvirt-libvirt-domain.html#virDomainGetXMLDesc');
  });

  it('matches procedures whatever the case of acronyms and wherever the program word stands', () => {
    expect(find('REMOTE_PROC_DOMAIN_GET_XML_DESC')?.name).toBe('virDomainGetXMLDesc');
    expect(find('QEMU_PROC_DOMAIN_MONITOR_COMMAND')?.name).toBe('virDomainQemuMonitorCommand');
    expect(find('ADMIN_PROC_CONNECT_LIST_SERVERS')?.name).toBe('virAdmConnectListServers');
    expect(find('REMOTE_PROC_AUTH_LIST')).toBeNull();
  });

  it('links nearly every generated REMOTE method to its reference page', () => {
    const api = readFileSync(join(__dirname, '../../src/generated/remote/api.ts'), 'utf8');
    // Doc comments wrap long lines: a link may continue on the next ` * ` line.
    const links = [...api.matchAll(/Implements \{@link (\S+)\s+(?:\*\s+)?\|\s+(?:\*\s+)?(\w+)\}/g)];
    expect(links.length).toBeGreaterThan(350);
    for (const [, url, name] of links) expect(url.endsWith(`#${name}`)).toBe(true);
    expect(api).toContain('Implements {@link https://libvirt.org/html/libvirt-libvirt-domain.html#virDomainSuspend | virDomainSuspend}.');
  });
});
