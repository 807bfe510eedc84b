import { admin, nameOf, qemu, remote, virDomainEventID, virErrorNumber } from '../../src/index.js';

describe('the package index', () => {
  it("exports libvirt's constants by name", () => {
    expect(virErrorNumber.VIR_ERR_NO_DOMAIN).toBe(42);
    expect(nameOf(virErrorNumber, 42)).toBe('VIR_ERR_NO_DOMAIN');
    expect(virDomainEventID.VIR_DOMAIN_EVENT_ID_LIFECYCLE).toBe(0);
  });

  it("exports each program's generated tables under its name", () => {
    expect(remote.REMOTE_PROGRAM_INFO.procedures.size).toBe(453);
    expect(qemu.QEMU_PROGRAM_INFO.procedures.size).toBe(7);
    expect(admin.ADMIN_PROGRAM_INFO.procedures.size).toBe(19);
    const dom: remote.RemoteNonnullDomain = { name: 'test', uuid: new Uint8Array(16), id: 1 };
    expect(dom.name).toBe('test');
  });
});
