// A real Linux guest under QEMU (scripts/qemu-guest/: Debian's kernel, a busybox and qemu-ga
// initramfs, no KVM): its lifecycle and events, its serial console both ways, the guest agent, and a
// shutdown through ACPI's power button, each compared with virsh or python3-libvirt.
import { BehaviorSubject, filter, firstValueFrom, lastValueFrom, of, scan, Subject, type Subscription, timeout } from 'rxjs';
import { consoleOutput } from '../../examples/console.js';
import {
  connect,
  type Connection,
  type Domain,
  isStreamData,
  onRegistered,
  virDomainConsoleFlags,
  virDomainShutdownFlagValues,
} from '../../src/index.js';
import { GUEST_READY, guestAnswer, linuxGuestXml, QEMU_URI, removeTestDomain, requireQemuSetup, testDomainName, virshState } from '../support/qemu/guest.js';
import { CapturedOutput, runCli, ScriptedInput } from '../cli/support/run-cli.js';
import { LifecycleRecorder } from '../support/qemu/lifecycle-recorder.js';
import { pythonConsoleExchange, PythonEventWatcher } from '../support/qemu/python-libvirt.js';
import { virsh } from '../support/virsh.js';
import { signal } from '../support/signal.js';

/** A console opened by rxvirt, and how its stream ended: `'complete'` or the error. */
interface OpenedConsole {
  readonly subscription: Subscription;
  readonly end: Promise<unknown>;
}

/** Booting takes 4–10 s here (emulated, on a shared machine); allow for a slow one. */
const BOOT_TIMEOUT_MS = 60_000;

describe('Linux guest on qemu:///system', () => {
  const name = testDomainName('linux');
  let conn: Connection;
  let dom: Domain;
  let watcher: PythonEventWatcher;
  let lifecycle: LifecycleRecorder;
  /** Everything the guest has written on its console since it was opened. */
  const consoleText = new BehaviorSubject('');
  const keys = new Subject<Uint8Array>();
  let opened: OpenedConsole | undefined;

  /** Opens the guest's console with rxvirt (`flags`: virDomainConsoleFlags): what the guest writes goes to `consoleText`. */
  const openConsole = (flags = 0): OpenedConsole => {
    const decoder = new TextDecoder();
    let subscription: Subscription | undefined;
    const end = new Promise<unknown>((resolve) => {
      subscription = dom
        .openConsole({ dev_name: null, flags })
        .sending(keys)
        .pipe(filter(isStreamData))
        .subscribe({
          next: ({ data }) => consoleText.next(consoleText.value + decoder.decode(data, { stream: true })),
          complete: () => resolve('complete'),
          error: resolve,
        });
    });
    return { subscription: subscription as Subscription, end };
  };

  /** Resolves once the guest has written `text` on its console. */
  const consoleShows = (text: string): Promise<string> =>
    firstValueFrom(consoleText.pipe(filter((all) => all.includes(text)), timeout(BOOT_TIMEOUT_MS)));

  beforeAll(async () => {
    requireQemuSetup();
    removeTestDomain(name);
    conn = await firstValueFrom(connect(QEMU_URI));
    dom = await firstValueFrom(conn.objects.domainDefineXml({ xml: linuxGuestXml(name) }));
    watcher = await PythonEventWatcher.start(QEMU_URI, name);
    lifecycle = await LifecycleRecorder.start(conn, dom, watcher);
  });
  afterAll(async () => {
    opened?.subscription.unsubscribe();
    lifecycle?.stop();
    await watcher?.stop();
    removeTestDomain(name);
    if (conn) await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  it('boots, prints on its serial console and connects its guest agent', async () => {
    const live = signal();
    const agentConnected = firstValueFrom(
      conn.events.domain('agent-lifecycle', { dom, registered: true }).pipe(
        onRegistered(live.fire),
        filter((event) => event.stateName === 'VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED'),
        timeout(BOOT_TIMEOUT_MS),
      ),
    );
    // Should the start fail, the test fails with that error; closing the connection afterwards
    // must not turn this promise into an unhandled rejection that stops the whole run.
    agentConnected.catch(() => undefined);
    await live.fired;
    await lastValueFrom(dom.create(), { defaultValue: undefined });
    // Opened at once, the console is there before the kernel writes anything.
    opened = openConsole();
    await consoleShows(GUEST_READY);
    await agentConnected;
    // QEMU starts with its CPUs stopped: libvirt reports the start, and the CPUs' start (RESUMED).
    await lifecycle.until(0, 'VIR_DOMAIN_EVENT_STARTED_BOOTED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED');
    expect(lifecycle.names().sort()).toEqual([
      ['VIR_DOMAIN_EVENT_RESUMED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED'],
      ['VIR_DOMAIN_EVENT_STARTED', 'VIR_DOMAIN_EVENT_STARTED_BOOTED'],
    ]);
    expect(virshState(name)).toBe('running');
  }, BOOT_TIMEOUT_MS * 2);

  it('answers on its serial console what rxvirt sends, as it answers python3-libvirt', async () => {
    const line = `hello from rxvirt ${process.pid}`;
    keys.next(new TextEncoder().encode(`${line}\n`));
    await consoleShows(guestAnswer(line));
    // Leaving the console (an abort, as virsh console does) frees it for another client; the
    // daemon has read the abort once it answers a later call.
    opened?.subscription.unsubscribe();
    await firstValueFrom(conn.connectGetLibVersion());

    const fromPython = await pythonConsoleExchange(QEMU_URI, name, `hello from python ${process.pid}`);
    expect(fromPython).toContain(guestAnswer(`hello from python ${process.pid}`));
    expect(consoleText.value).not.toContain('hello from python');
  });

  it("answers on its console through the CLI's console command, which leaves on Ctrl-]", async () => {
    const line = `hello from the rxvirt CLI ${process.pid}`;
    const stdin = new ScriptedInput();
    const interrupts = new Subject<void>();
    // Types the line once connected, and Ctrl-] once the answer is there (Ctrl-C after 30 s).
    const stderr = new CapturedOutput(false, (text) => {
      if (text.startsWith('Connected to domain')) setImmediate(() => stdin.type(`${line}\n`));
    });
    const stdout: CapturedOutput = new CapturedOutput(false, () => {
      if (stdout.text.includes(guestAnswer(line))) setImmediate(() => stdin.type('\x1d'));
    });
    const giveUp = setTimeout(() => interrupts.next(), 30_000);
    const run = await runCli(['-c', QEMU_URI, 'console', name], { stdin, stdout, stderr, interrupts });
    clearTimeout(giveUp);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(guestAnswer(line));
    expect(run.stderr).toBe(`Connected to domain '${name}'\nEscape character is ^] (Ctrl + ])\n\n`);
  }, 40_000);

  it("answers examples/console.ts's consoleOutput, the example's code unchanged", async () => {
    const line = `hello from examples/console.ts ${process.pid}`;
    const heard = await firstValueFrom(
      consoleOutput(QEMU_URI, name, of(`${line}\n`)).pipe(
        scan((all, text) => all + text, ''),
        filter((all) => all.includes(guestAnswer(line))),
        timeout(30_000),
      ),
    );
    expect(heard).toContain(guestAnswer(line));
  });

  it('runs guest agent commands as virsh qemu-agent-command does', async () => {
    for (const cmd of ['{"execute":"guest-info"}', '{"execute":"guest-get-osinfo"}']) {
      const reply = await firstValueFrom(conn.qemu.domainAgentCommand({ dom, cmd, timeout: -1, flags: 0 }));
      expect(JSON.parse(reply ?? 'null')).toEqual(JSON.parse(virsh(QEMU_URI, 'qemu-agent-command', name, cmd)));
    }
    const info = JSON.parse((await firstValueFrom(conn.qemu.domainAgentCommand({ dom, cmd: '{"execute":"guest-info"}', timeout: -1, flags: 0 }))) ?? 'null');
    expect(info.return.version).toMatch(/^\d+\.\d+\.\d+/);
    const os = JSON.parse((await firstValueFrom(conn.qemu.domainAgentCommand({ dom, cmd: '{"execute":"guest-get-osinfo"}', timeout: -1, flags: 0 }))) ?? 'null');
    expect(os.return['kernel-release']).toMatch(/-amd64$/);
  });

  it('suspends and resumes, with the events python3-libvirt receives', async () => {
    await lastValueFrom(dom.suspend(), { defaultValue: undefined });
    expect(virshState(name)).toBe('paused');
    await lastValueFrom(dom.resume(), { defaultValue: undefined });
    expect(virshState(name)).toBe('running');
    await lifecycle.until(2, 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED');
    expect(lifecycle.names(2)).toEqual([
      ['VIR_DOMAIN_EVENT_SUSPENDED', 'VIR_DOMAIN_EVENT_SUSPENDED_PAUSED'],
      ['VIR_DOMAIN_EVENT_RESUMED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED'],
    ]);
  });

  it('powers off through ACPI (the power button), with QMP and lifecycle events as python3-libvirt gets them', async () => {
    // rxvirt takes the console back (by force: the example's connection closes in the background),
    // and sees the guest's last words on it.
    opened = openConsole(virDomainConsoleFlags.VIR_DOMAIN_CONSOLE_FORCE);
    // QEMU's own SHUTDOWN event (QMP), filtered by name on the daemon's side.
    const live = signal();
    const qmpShutdown = firstValueFrom(conn.events.qemuMonitor({ dom, event: 'SHUTDOWN', registered: true }).pipe(onRegistered(live.fire), timeout(30_000)));
    // As agentConnected above: a failure before it is awaited must fail this test, not the run.
    qmpShutdown.catch(() => undefined);
    await live.fired;
    await lastValueFrom(dom.shutdownFlags({ flags: virDomainShutdownFlagValues.VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN }), { defaultValue: undefined });
    await consoleShows('rxvirt-guest: power button, powering off');
    const { event, seconds, micros, details } = await qmpShutdown;
    expect(JSON.parse(details ?? 'null')).toEqual({ guest: true, reason: 'guest-shutdown' });
    const pythonShutdown = () => watcher.monitor.find((record) => record.event === 'SHUTDOWN');
    await watcher.until(() => pythonShutdown() !== undefined, 10_000, 'given the QMP SHUTDOWN event');
    expect({ kind: 'qemu-monitor', event, seconds: Number(seconds), micros, details }).toEqual(pythonShutdown());
    await lifecycle.until(4, 'VIR_DOMAIN_EVENT_SHUTDOWN_GUEST', 'VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN');
    expect(lifecycle.names(4)).toEqual([
      ['VIR_DOMAIN_EVENT_SHUTDOWN', 'VIR_DOMAIN_EVENT_SHUTDOWN_GUEST'],
      ['VIR_DOMAIN_EVENT_STOPPED', 'VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN'],
    ]);
    expect(virsh(QEMU_URI, 'domstate', name, '--reason').trim()).toBe('shut off (shutdown)');
    // The console's stream ended with the guest, as a stream the daemon finished.
    await expect(opened.end).resolves.toBe('complete');
  }, 60_000);

  it('starts again and is destroyed, with the same lifecycle events as python3-libvirt from the first start on', async () => {
    await lastValueFrom(dom.create(), { defaultValue: undefined });
    await lastValueFrom(dom.destroy(), { defaultValue: undefined });
    await lifecycle.until(6, 'VIR_DOMAIN_EVENT_STARTED_BOOTED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED', 'VIR_DOMAIN_EVENT_STOPPED_DESTROYED');
    // QEMU may report the SIGTERM of a destroy (SHUTDOWN, host) before libvirt has closed its monitor.
    const last = lifecycle.names(6).filter(([, detail]) => detail !== 'VIR_DOMAIN_EVENT_SHUTDOWN_HOST');
    expect(last.slice(0, 2).sort()).toEqual([
      ['VIR_DOMAIN_EVENT_RESUMED', 'VIR_DOMAIN_EVENT_RESUMED_UNPAUSED'],
      ['VIR_DOMAIN_EVENT_STARTED', 'VIR_DOMAIN_EVENT_STARTED_BOOTED'],
    ]);
    expect(last.slice(2)).toEqual([['VIR_DOMAIN_EVENT_STOPPED', 'VIR_DOMAIN_EVENT_STOPPED_DESTROYED']]);
    expect(virsh(QEMU_URI, 'domstate', name, '--reason').trim()).toBe('shut off (destroyed)');
    expect(lifecycle.numbers()).toEqual(watcher.lifecycle.map(({ event, detail }) => ({ event, detail })));
  });
});
