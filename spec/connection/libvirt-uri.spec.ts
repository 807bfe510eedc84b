import { InvalidUriError, parseLibvirtUri } from '../../src/connection/libvirt-uri.js';

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
