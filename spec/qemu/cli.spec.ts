// The rxvirt CLI (in-process) on a real QEMU domain (SeaBIOS, no OS), checked against virsh.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/support/run-cli.js';
import { biosGuestXml, QEMU_URI, removeTestDomain, requireQemuSetup, type ScratchDir, scratchDir, testDomainName } from '../support/qemu/guest.js';
import { virsh } from '../support/virsh.js';

const rxvirt = (...argv: string[]) => runCli(['-c', QEMU_URI, ...argv]);

/** dominfo without the CPU time, which moves on while the domain runs. */
const withoutCpuTime = (text: string): string => text.replace(/^CPU time:.*\n/m, '');

describe('rxvirt -c qemu:///system', () => {
  const name = testDomainName('cli');
  let scratch: ScratchDir;
  const actions = ['start', 'suspend', 'resume', 'destroy'];

  beforeAll(() => {
    requireQemuSetup();
    removeTestDomain(name);
    scratch = scratchDir('rxvirt-cli-');
    const xml = join(scratch.path, 'domain.xml');
    writeFileSync(xml, biosGuestXml(name));
    virsh(QEMU_URI, 'define', xml);
  });
  afterAll(() => {
    removeTestDomain(name);
    scratch?.remove();
  });

  it('starts, suspends, resumes and destroys the domain, saying so as virsh does, with the same dominfo and XML', async () => {
    const virshSaid = actions.map((action) => virsh(QEMU_URI, action, name));
    const rxvirtSaid: string[] = [];
    for (const action of actions) {
      const { code, stdout } = await rxvirt(action, name);
      expect(code).toBe(0);
      rxvirtSaid.push(stdout);
      if (action === 'destroy') break;
      expect(withoutCpuTime((await rxvirt('dominfo', name)).stdout)).toBe(withoutCpuTime(virsh(QEMU_URI, 'dominfo', name)));
      expect((await rxvirt('dumpxml', name)).stdout.trimEnd()).toBe(virsh(QEMU_URI, 'dumpxml', name).trimEnd());
    }
    expect(rxvirtSaid).toEqual(virshSaid);
    expect(virsh(QEMU_URI, 'domstate', name, '--reason').trim()).toBe('shut off (destroyed)');
    expect((await rxvirt('list', '--all', '--name')).stdout.split('\n')).toContain(name);
  });

  it('saves the same screenshot as virsh screenshot, and says so in the same words', async () => {
    virsh(QEMU_URI, 'start', name);
    // Paused, the screen holds still (the cursor blinks on the guest's clock).
    virsh(QEMU_URI, 'suspend', name);
    const mine = join(scratch.path, 'rxvirt.png');
    const theirs = join(scratch.path, 'virsh.png');
    const { code, stdout } = await rxvirt('screenshot', name, mine);
    expect(code).toBe(0);
    expect(stdout).toBe(virsh(QEMU_URI, 'screenshot', name, theirs).replace(theirs, mine));
    expect(readFileSync(mine).equals(readFileSync(theirs))).toBe(true);
  });
});
