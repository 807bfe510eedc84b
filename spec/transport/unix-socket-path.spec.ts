import { adminSocketPath, chooseUnixSocket, type UnixSocketQuery } from '../../src/transport/unix-socket-path.js';

const none = (): boolean => false;
const only = (...present: string[]) => (path: string): boolean => present.includes(path);

const base: UnixSocketQuery = {
  driver: 'qemu',
  scheme: 'qemu',
  path: '/system',
  readOnly: false,
  mode: 'auto',
  uid: 0,
  runtimeDir: '/run/user/1000',
  home: '/home/ann',
  exists: none,
};

describe('chooseUnixSocket (libvirt remote_sockets.c rules)', () => {
  const cases: Array<[string, Partial<UnixSocketQuery>, string, string]> = [
    ['auto prefers the per-driver daemon when its socket exists', { exists: only('/var/run/libvirt/virtqemud-sock', '/var/run/libvirt/libvirt-sock') }, '/var/run/libvirt/virtqemud-sock', 'direct'],
    ['auto falls back to the monolithic daemon', { exists: only('/var/run/libvirt/libvirt-sock') }, '/var/run/libvirt/libvirt-sock', 'legacy'],
    ['auto with neither socket uses the fallback mode (legacy by default)', {}, '/var/run/libvirt/libvirt-sock', 'legacy'],
    ['auto with neither socket and a direct build default', { fallbackMode: 'direct' }, '/var/run/libvirt/virtqemud-sock', 'direct'],
    ['legacy ignores a direct socket', { mode: 'legacy', exists: only('/var/run/libvirt/virtqemud-sock') }, '/var/run/libvirt/libvirt-sock', 'legacy'],
    ['direct does not look for sockets', { mode: 'direct' }, '/var/run/libvirt/virtqemud-sock', 'direct'],
    ['read-only uses -sock-ro (legacy)', { readOnly: true, mode: 'legacy' }, '/var/run/libvirt/libvirt-sock-ro', 'legacy'],
    ['read-only uses -sock-ro (direct)', { readOnly: true, mode: 'direct' }, '/var/run/libvirt/virtqemud-sock-ro', 'direct'],
    ['the driver names the direct daemon', { driver: 'network', scheme: 'network', mode: 'direct' }, '/var/run/libvirt/virtnetworkd-sock', 'direct'],
    ['?socket= overrides everything', { socket: '/tmp/x.sock', readOnly: true }, '/tmp/x.sock', 'explicit'],
    ['no URI: the proxy listens on the legacy name', { driver: null, scheme: null, path: '', mode: 'direct' }, '/var/run/libvirt/libvirt-sock', 'direct'],
    ['root uses system sockets for /session too', { path: '/session' }, '/var/run/libvirt/libvirt-sock', 'legacy'],
    ['non-root /session uses the session daemon under $XDG_RUNTIME_DIR', { uid: 1000, path: '/session', mode: 'direct' }, '/run/user/1000/libvirt/virtqemud-sock', 'direct'],
    ['session sockets have no -ro variant', { uid: 1000, path: '/session', readOnly: true, mode: 'legacy' }, '/run/user/1000/libvirt/libvirt-sock', 'legacy'],
    ['non-root test+unix goes to the session daemon', { uid: 1000, driver: 'test', scheme: 'test+unix', path: '/default', mode: 'legacy' }, '/run/user/1000/libvirt/libvirt-sock', 'legacy'],
    ['non-root qemu:///system stays on the system socket', { uid: 1000 }, '/var/run/libvirt/libvirt-sock', 'legacy'],
    ['session without $XDG_RUNTIME_DIR falls back to ~/.cache', { uid: 1000, path: '/session', runtimeDir: undefined, mode: 'legacy' }, '/home/ann/.cache/libvirt/libvirt-sock', 'legacy'],
    ['auto in session mode checks the session sockets', { uid: 1000, path: '/session', exists: only('/run/user/1000/libvirt/virtqemud-sock') }, '/run/user/1000/libvirt/virtqemud-sock', 'direct'],
    ['a custom system directory', { systemDir: '/run/libvirt', mode: 'legacy' }, '/run/libvirt/libvirt-sock', 'legacy'],
  ];

  it.each(cases)('%s', (_name, overrides, path, mode) => {
    const choice = chooseUnixSocket({ ...base, ...overrides });
    expect(choice.path).toBe(path);
    expect(choice.mode).toBe(mode);
  });

  it('marks session choices', () => {
    expect(chooseUnixSocket({ ...base, uid: 1000, path: '/session' }).session).toBe(true);
    expect(chooseUnixSocket(base).session).toBe(false);
  });
});

describe('adminSocketPath', () => {
  it.each([
    ['libvirtd', false, '/var/run/libvirt/libvirt-admin-sock'],
    ['virtqemud', false, '/var/run/libvirt/virtqemud-admin-sock'],
    ['virtproxyd', true, '/run/user/1000/libvirt/virtproxyd-admin-sock'],
  ])('%s (session %s) → %s', (daemon, session, path) => {
    expect(adminSocketPath(daemon as string, session as boolean, { runtimeDir: '/run/user/1000' })).toBe(path);
  });
});
