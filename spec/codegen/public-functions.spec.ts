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
    <struct name='virDomainInfo' file='libvirt-domain' type='struct _virDomainInfo' version='0.0.1'>
      <field name='state' type='unsigned char' info='the running state, one of virDomainState'/>
      <field name='maxMem' type='unsigned long' info='the maximum memory in KBytes allowed'/>
    </struct>
    <function name='virDomainGetInfo' file='libvirt-domain' module='libvirt-domain' version='0.0.1'>
      <arg name='domain' type='virDomainPtr' info='a domain object'/>
      <arg name='info' type='virDomainInfoPtr' info='pointer to a virDomainInfo structure allocated by the user'/>
    </function>
    <function name='virDomainGetState' file='libvirt-domain' module='libvirt-domain' version='0.9.2'>
      <arg name='domain' type='virDomainPtr' info='a domain object'/>
      <arg name='state' type='int *' info='returned state of the domain (one of virDomainState)'/>
      <arg name='reason' type='int *' info='returned reason (one of virDomain*Reason corresponding to the current state)'/>
      <arg name='flags' type='unsigned int' info='extra flags; not used yet, so callers should always pass 0'/>
    </function>
    <function name='virAdmConnectListServers' file='libvirt-admin' module='libvirt-admin' version='1.3.5'>
      <arg name='flags' type='unsigned int' info='extra flags; not used yet, so callers should always pass 0'/>
    </function>
  </symbols>
</api>`;

const CONSTANTS: Record<string, string[]> = {
  virDomainState: ['VIR_DOMAIN_NOSTATE', 'VIR_DOMAIN_RUNNING'],
  virDomainXMLFlags: ['VIR_DOMAIN_XML_SECURE', 'VIR_DOMAIN_XML_INACTIVE'],
  virDomainQemuMonitorCommandFlags: ['VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP'],
};

describe('public functions', () => {
  const functions = readPublicFunctions(XML, (type) => CONSTANTS[type] ?? []);
  const find = publicFunctionMatcher(functions);

  it('reads names, reference modules and the flag types with their constants, and no prose', () => {
    const none = new Map<string, string>();
    expect(functions).toEqual([
      { name: 'virDomainGetXMLDesc', module: 'libvirt-domain', flagTypes: ['virDomainXMLFlags'], flagConstants: ['VIR_DOMAIN_XML_SECURE', 'VIR_DOMAIN_XML_INACTIVE'], enumFields: none },
      { name: 'virDomainQemuMonitorCommand', module: 'libvirt-qemu', flagTypes: ['virDomainQemuMonitorCommandFlags'], flagConstants: ['VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP'], enumFields: none },
      // A struct the function fills in names its enum fields; so does an `int *` argument. The
      // reason names no one enum (virDomain*Reason depends on the state): it stays a number.
      { name: 'virDomainGetInfo', module: 'libvirt-domain', flagTypes: [], flagConstants: [], enumFields: new Map([['state', 'virDomainState']]) },
      { name: 'virDomainGetState', module: 'libvirt-domain', flagTypes: [], flagConstants: [], enumFields: new Map([['state', 'virDomainState']]) },
      { name: 'virAdmConnectListServers', module: 'libvirt-admin', flagTypes: [], flagConstants: [], enumFields: none },
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
