import { flagParam, InvalidUriError, parseLibvirtUri, portOf } from '../../src/connection/libvirt-uri.js';

describe('parseLibvirtUri', () => {
  it.each([
    // uri, driver, transport, host, port, path, name sent in CONNECT_OPEN
    ['qemu:///system', 'qemu', 'unix', undefined, undefined, '/system', 'qemu:///system'],
    ['test+unix:///default', 'test', 'unix', undefined, undefined, '/default', 'test:///default'],
    ['qemu+unix:///system?mode=legacy', 'qemu', 'unix', undefined, undefined, '/system', 'qemu:///system'],
    ['qemu+unix:///system?socket=/tmp/s&mode=direct', 'qemu', 'unix', undefined, undefined, '/system', 'qemu:///system'],
    ['qemu:///system?name=qemu:///session', 'qemu', 'unix', undefined, undefined, '/system', 'qemu:///session'],
    ['qemu://host.example/system', 'qemu', 'tls', 'host.example', undefined, '/system', 'qemu:///system'],
    ['qemu+tcp://10.0.0.1:16509/system', 'qemu', 'tcp', '10.0.0.1', 16509, '/system', 'qemu:///system'],
    ['qemu+ssh://root@[::1]:2222/system?keyfile=/k&no_verify=1', 'qemu', 'ssh', '::1', 2222, '/system', 'qemu:///system'],
    ['QEMU+TLS://h/system', 'QEMU', 'tls', 'h', undefined, '/system', 'QEMU:///system'],
    ['xen:///system?foo=bar', 'xen', 'unix', undefined, undefined, '/system', 'xen:///system?foo=bar'],
  ])('%s', (uri, driver, transport, host, port, path, openName) => {
    const parsed = parseLibvirtUri(uri);
    expect(parsed).toMatchObject({ driver, transport, path, openName });
    expect(parsed.host).toBe(host);
    expect(parsed.port).toBe(port);
  });

  it('keeps user and parameters', () => {
    const parsed = parseLibvirtUri('qemu+ssh://ann@h/system?keyfile=/k&mode=direct');
    expect(parsed.user).toBe('ann');
    expect(parsed.params.get('keyfile')).toBe('/k');
    expect(parsed.params.get('mode')).toBe('direct');
  });

  it.each([
    ['no scheme', '/system'],
    ['an unknown transport', 'qemu+carrier-pigeon:///system'],
    ['unix with a host', 'qemu+unix://host/system'],
  ])('refuses %s', (_what, uri) => {
    expect(() => parseLibvirtUri(uri)).toThrow(InvalidUriError);
  });
});

describe('ports and flags', () => {
  it.each([
    ['qemu://h/system', 16514],
    ['qemu+tls://h/system', 16514],
    ['qemu+tcp://h/system', 16509],
    ['qemu+tcp://[::1]:1234/system', 1234],
    ['qemu+ssh://h/system', undefined],
    ['qemu:///system', undefined],
  ])('%s connects to port %s', (uri, port) => {
    expect(portOf(parseLibvirtUri(uri))).toBe(port);
  });

  it('reads boolean parameters as libvirt does: integers, non-zero is true, names in any case', () => {
    expect(flagParam(parseLibvirtUri('qemu+tls://h/system?NO_VERIFY=1'), 'no_verify')).toBe(true);
    expect(flagParam(parseLibvirtUri('qemu+tls://h/system?no_verify=0'), 'no_verify')).toBe(false);
    expect(flagParam(parseLibvirtUri('qemu+tls://h/system'), 'no_verify')).toBe(false);
    expect(() => flagParam(parseLibvirtUri('qemu+tls://h/system?no_verify=yes'), 'no_verify')).toThrow(InvalidUriError);
  });

  it('gives virt-ssh-helper the name with mode and socket kept', () => {
    const parsed = parseLibvirtUri('qemu+ssh://h/system?mode=direct&keyfile=/k&socket=/s&x=1');
    expect(parsed.openName).toBe('qemu:///system?x=1');
    expect(parsed.helperName).toBe('qemu:///system?mode=direct&socket=%2Fs&x=1');
  });
});
