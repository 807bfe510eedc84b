// One domain's lifecycle events as rxvirt receives them, beside python3-libvirt's for comparison.
import { BehaviorSubject, filter, firstValueFrom, type Subscription, timeout } from 'rxjs';
import { type Connection, type Domain, type DomainLifecycleEvent, onRegistered } from '../../../src/index.js';
import type { PythonEventWatcher } from './python-libvirt.js';
import { signal } from '../signal.js';

export class LifecycleRecorder {
  /** rxvirt's events, in the order received. */
  readonly events: DomainLifecycleEvent[] = [];
  private readonly count = new BehaviorSubject(0);
  private readonly subscription: Subscription;
  private readonly live = signal();

  private constructor(
    conn: Connection,
    dom: Domain,
    private readonly watcher: PythonEventWatcher,
  ) {
    this.subscription = conn.events
      .domain('lifecycle', { dom, registered: true })
      .pipe(onRegistered(this.live.fire))
      .subscribe((event) => this.count.next(this.events.push(event)));
  }

  /** Subscribes rxvirt to `dom`'s lifecycle events; resolves once the daemon has registered it. */
  static async start(conn: Connection, dom: Domain, watcher: PythonEventWatcher): Promise<LifecycleRecorder> {
    const recorder = new LifecycleRecorder(conn, dom, watcher);
    await recorder.live.fired;
    return recorder;
  }

  /**
   * Resolves once rxvirt has received events of all `detailNames` after the first `from` (in
   * whatever order libvirt's threads report them), and python3-libvirt as many events in all.
   */
  async until(from: number, ...detailNames: string[]): Promise<void> {
    const arrived = (): boolean => detailNames.every((name) => this.events.slice(from).some((event) => event.detailName === name));
    await firstValueFrom(this.count.pipe(filter(arrived), timeout(30_000)));
    await this.watcher.until(() => this.watcher.lifecycle.length >= this.events.length, 10_000, `given ${this.events.length} lifecycle events`);
  }

  /** rxvirt's events as python3-libvirt reports them: `{ event, detail }` numbers. */
  numbers(): { event: number; detail: number }[] {
    return this.events.map(({ event, detail }) => ({ event, detail }));
  }

  /** The `[eventName, detailName]` pairs of the events from `from` on. */
  names(from = 0): [string | undefined, string | undefined][] {
    return this.events.slice(from).map((event) => [event.eventName, event.detailName]);
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
