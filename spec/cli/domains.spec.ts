// The CLI in-process against the real daemon's test driver, checked against virsh.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, type Connection } from '../../src/index.js';
import { virsh, virshDaemonVersion } from '../support/virsh.js';
import { CapturedOutput, runCli } from './support/run-cli.js';
import { signal } from '../support/signal.js';

const URI = 'test+unix:///default';
const rxvirt = (...argv: string[]) => runCli(['-c', URI, ...argv]);

describe('rxvirt against test+unix:///default', () => {
  // The test driver's state lives while a connection is open: this one keeps it for the file and
  // makes the changes the event test watches.
  let actor: Connection;
  beforeAll(async () => {
    actor = await firstValueFrom(connect(URI));
  });
  afterAll(async () => {
    await lastValueFrom(actor.close(), { defaultValue: undefined });
  });

  it("prints virsh's list --all, byte for byte", async () => {
    const { code, stdout } = await rxvirt('list', '--all');
    expect(code).toBe(0);
    expect(stdout).toBe(virsh(URI, 'list', '--all'));
    expect((await rxvirt('list', '--all', '--name')).stdout).toBe(virsh(URI, 'list', '--all', '--name'));
  });

  it("prints virsh's dominfo (CPU time aside, which moves on) for a name, an id and a UUID", async () => {
    const withoutCpuTime = (text: string) => text.replace(/^CPU time:.*\n/m, '');
    const expected = withoutCpuTime(virsh(URI, 'dominfo', 'test'));
    const uuid = /UUID:\s+(\S+)/.exec(expected)?.[1] ?? '';
    for (const domain of ['test', '1', uuid]) {
      const { code, stdout } = await rxvirt('dominfo', domain);
      expect(code).toBe(0);
      expect(withoutCpuTime(stdout)).toBe(expected);
    }
  });

  it('prints the domain XML as virsh does', async () => {
    expect((await rxvirt('dumpxml', 'test')).stdout.trimEnd()).toBe(virsh(URI, 'dumpxml', 'test').trimEnd());
  });

  it("says no on one line for a missing domain: libvirt's message, code name and URI, exit code 1", async () => {
    const { code, stdout, stderr } = await rxvirt('dominfo', 'no-such-domain');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`rxvirt: error: failed to get domain 'no-such-domain': Domain not found (VIR_ERR_NO_DOMAIN, ${URI})\n`);
  });

  it('suspends and resumes, and reports the daemon refusing to resume a running domain', async () => {
    expect(await rxvirt('suspend', 'test')).toEqual({ code: 0, stdout: "Domain 'test' suspended\n\n", stderr: '' });
    expect(await rxvirt('resume', 'test')).toEqual({ code: 0, stdout: "Domain 'test' resumed\n\n", stderr: '' });
    const refused = await rxvirt('resume', 'test');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^rxvirt: error: internal error: domain 'test' not paused \(VIR_ERR_INTERNAL_ERROR, test\+unix:\/\/\/default\)\n$/);
  });

  it('reports a driver without consoles on one line, before claiming to be connected', async () => {
    const { code, stdout, stderr } = await rxvirt('console', 'test');
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe(`rxvirt: error: this function is not supported by the connection driver: virDomainOpenConsole (VIR_ERR_NO_SUPPORT, ${URI})\n`);
  });

  it('prints lifecycle events as JSON lines while another connection suspends and resumes test', async () => {
    // The CLI says on stderr when its registration is live: the changes it should see come after.
    const live = signal();
    const stderrOutput = new CapturedOutput(false, (text) => {
      if (text === 'events registered: lifecycle\n') live.fire();
    });
    const run = runCli(['-c', URI, 'event', '--domain', 'test', '--event', 'lifecycle', '--loop', '--timeout', '2'], { stderr: stderrOutput });
    await live.fired;
    const dom = await firstValueFrom(actor.domainLookupByName({ name: 'test' }));
    await firstValueFrom(actor.domainSuspend({ dom }), { defaultValue: undefined });
    await firstValueFrom(actor.domainResume({ dom }), { defaultValue: undefined });
    const { code, stdout, stderr } = await run;

    expect(code).toBe(0);
    const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toEqual([
      expect.objectContaining({ type: 'lifecycle', dom: { name: 'test', uuid: expect.any(String), id: 1 }, eventName: 'VIR_DOMAIN_EVENT_SUSPENDED' }),
      expect.objectContaining({ type: 'lifecycle', eventName: 'VIR_DOMAIN_EVENT_RESUMED', detailName: 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED' }),
    ]);
    expect(stderr).toBe('events registered: lifecycle\nevent loop timed out\nevents received: 2\n');
  });

  describe('call', () => {
    it("prints connectGetLibVersion's bigint in the CLI's spelling", async () => {
      expect(await rxvirt('call', 'connectGetLibVersion')).toEqual({ code: 0, stdout: `"${virshDaemonVersion(URI)}n"\n`, stderr: '' });
    });

    it('takes a constant name, and its JSON output back as input', async () => {
      const lookup = await rxvirt('call', 'REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME', '{"name":"test"}');
      expect(JSON.parse(lookup.stdout)).toEqual({ name: 'test', uuid: { $bytes: expect.any(String) }, id: 1 });
      const info = await rxvirt('call', 'domainGetInfo', `{"dom":${lookup.stdout.trim()}}`);
      expect(JSON.parse(info.stdout)).toEqual({ state: 1, maxMem: '8388608n', memory: '2097152n', nrVirtCpu: 2, cpuTime: expect.stringMatching(/^\d+n$/), stateName: 'VIR_DOMAIN_RUNNING' });
    });

    it.each([
      [['call', 'domainLookupByName', '{name: test}'], /^rxvirt: arguments of REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME are not JSON: .*\nTry 'rxvirt call --help'.\n$/],
      [['call', 'domainLookupByNam'], /^rxvirt: unknown procedure 'domainLookupByNam'; did you mean domainLookupByName\?\n/],
      [['call', 'domainLookupByName', '{"nom":"test"}'], /^rxvirt: arguments do not fit REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME: string expected, got undefined/],
      [['call', 'storageVolDownload', '{}'], /opens a data stream: use vol-download/],
      [['call', 'connectGetLibVersion', '{"x":1}'], /REMOTE_PROC_CONNECT_GET_LIB_VERSION takes no arguments/],
    ])('refuses %j clearly, exit code 2', async (argv, message) => {
      const { code, stdout, stderr } = await rxvirt(...argv);
      expect([code, stdout]).toEqual([2, '']);
      expect(stderr).toMatch(message);
    });
  });
});
