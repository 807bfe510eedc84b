// Internal snapshots (create, revert, delete) and save/restore of a real QEMU domain with a qcow2
// disk (SeaBIOS, no OS), compared with virsh and with python3-libvirt's lifecycle events.
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, type Connection, type Domain, virDomainQemuMonitorCommandFlags } from '../../src/index.js';
import { biosGuestXml, createQcow2, QEMU_URI, removeTestDomain, requireQemuSetup, type ScratchDir, scratchDir, testDomainName, virshState } from '../support/qemu/guest.js';
import { LifecycleRecorder } from '../support/qemu/lifecycle-recorder.js';
import { PythonEventWatcher } from '../support/qemu/python-libvirt.js';
import { virsh } from '../support/virsh.js';

const HMP = virDomainQemuMonitorCommandFlags.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP;

/** `virsh snapshot-list NAME --name`, sorted. */
const virshSnapshots = (name: string): string[] =>
  virsh(QEMU_URI, 'snapshot-list', name, '--name').split('\n').map((line) => line.trim()).filter(Boolean).sort();

describe('snapshots and save/restore on qemu:///system', () => {
  const name = testDomainName('snapshot');
  let scratch: ScratchDir;
  let conn: Connection;
  let dom: Domain;
  let watcher: PythonEventWatcher;
  let lifecycle: LifecycleRecorder;

  /** The snapshot names QEMU's monitor lists for the disk (HMP `info snapshots`). */
  const qemuSnapshots = async (): Promise<string> => firstValueFrom(conn.qemu.domainMonitorCommand({ dom, cmd: 'info snapshots', flags: HMP }));

  beforeAll(async () => {
    requireQemuSetup();
    removeTestDomain(name);
    scratch = scratchDir('rxvirt-snapshot-');
    const disk = join(scratch.path, 'disk.qcow2');
    createQcow2(disk);
    conn = await firstValueFrom(connect(QEMU_URI));
    dom = await firstValueFrom(conn.objects.domainDefineXml({ xml: biosGuestXml(name, disk) }));
    watcher = await PythonEventWatcher.start(QEMU_URI, name);
    lifecycle = await LifecycleRecorder.start(conn, dom, watcher);
    await lastValueFrom(dom.create(), { defaultValue: undefined });
    await lifecycle.until(0, 'VIR_DOMAIN_EVENT_STARTED_BOOTED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED');
  });
  afterAll(async () => {
    lifecycle?.stop();
    await watcher?.stop();
    removeTestDomain(name);
    if (conn) await lastValueFrom(conn.close(), { defaultValue: undefined });
    scratch?.remove();
  });

  it('names the block job type beside its number when the disk has no job, as virsh says none', async () => {
    // No job: libvirt answers found = 0 and a zeroed info, whose type 0 is named too.
    expect(await firstValueFrom(dom.getBlockJobInfo({ path: 'vda' }))).toMatchObject({ found: 0, type: 0, typeName: 'VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN' });
    expect(virsh(QEMU_URI, 'blockjob', name, 'vda', '--info')).toMatch(/No current block job/);
  });

  it('creates, reverts to and deletes an internal snapshot, as virsh and QEMU list them', async () => {
    const snap = await firstValueFrom(dom.snapshotCreateXml({ xml_desc: '<domainsnapshot><name>s1</name></domainsnapshot>', flags: 0 }));
    expect(snap.name).toBe('s1');
    const { snapshots } = await firstValueFrom(dom.listAllSnapshots({ need_results: 1, flags: 0 }));
    expect(snapshots.map((s) => s.name).sort()).toEqual(virshSnapshots(name));
    expect(virshSnapshots(name)).toEqual(['s1']);
    expect((await firstValueFrom(dom.snapshotCurrent({ flags: 0 }))).name).toBe(virsh(QEMU_URI, 'snapshot-current', name, '--name').trim());
    expect(await firstValueFrom(snap.getXmlDesc({ flags: 0 }))).toBe(virsh(QEMU_URI, 'snapshot-dumpxml', name, 's1').replace(/\n$/, ''));
    // Internal: the snapshot is in the qcow2 image itself, with the guest's memory.
    expect(await qemuSnapshots()).toMatch(/\bs1\b/);
    expect(virsh(QEMU_URI, 'snapshot-info', name, 's1')).toMatch(/State:\s+running/);

    // Taken running: reverting a paused domain to it runs it again.
    const before = lifecycle.events.length;
    await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    expect(virshState(name)).toBe('paused');
    await lastValueFrom(snap.revertToSnapshot({ flags: 0 }), { defaultValue: undefined });
    expect(virshState(name)).toBe('running');
    // libvirt restarts QEMU from the snapshot, runs it and redefines the domain.
    await lifecycle.until(before, 'VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT', 'VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT', 'VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT');

    await lastValueFrom(snap.delete({ flags: 0 }), { defaultValue: undefined });
    expect(virshSnapshots(name)).toEqual([]);
    expect(await qemuSnapshots()).not.toMatch(/\bs1\b/);
    await expect(firstValueFrom(dom.snapshotLookupByName({ name: 's1', flags: 0 }))).rejects.toMatchObject({ codeName: 'VIR_ERR_NO_DOMAIN_SNAPSHOT' });
  }, 60_000);

  it('saves the domain to a file and restores it, as virsh sees the image and the state', async () => {
    const file = join(scratch.path, 'saved.img');
    const before = lifecycle.events.length;
    await lastValueFrom(dom.save({ to: file }), { defaultValue: undefined });
    expect(virsh(QEMU_URI, 'domstate', name, '--reason').trim()).toBe('shut off (saved)');
    expect(virsh(QEMU_URI, 'save-image-dumpxml', file)).toContain(`<name>${name}</name>`);

    await lastValueFrom(conn.domainRestore({ from: file }), { defaultValue: undefined });
    expect(virsh(QEMU_URI, 'domstate', name, '--reason').trim()).toBe('running (restored)');
    // (libvirt reports a restored domain's CPUs starting as RESUMED, FROM_SNAPSHOT.)
    await lifecycle.until(before, 'VIR_DOMAIN_EVENT_STOPPED_SAVED', 'VIR_DOMAIN_EVENT_STARTED_RESTORED', 'VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT');
    // rxvirt and python3-libvirt saw the same lifecycle from the first start on.
    expect(lifecycle.numbers()).toEqual(watcher.lifecycle.map(({ event, detail }) => ({ event, detail })));
  }, 60_000);
});
