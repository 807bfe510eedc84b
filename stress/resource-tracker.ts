import { createHook } from 'node:async_hooks';

/** Resources a connection may own: timers (keepalive, close and reply timeouts), sockets, immediates. */
const TRACKED = new Set(['Timeout', 'Immediate', 'PIPEWRAP', 'TCPWRAP']);

/**
 * Timers not to count: Jest's reporter ticks one of its own every second when tests run in band,
 * and the tracker's own waits (a fired timer's destroy event comes a turn after its callback).
 */
const FOREIGN = ['/@jest/', 'settleTurn'];

function settleTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 2));
}

/**
 * Counts the timers and handles created while it is enabled and not yet destroyed (cleared,
 * fired, closed). Unlike a before/after count of `process.getActiveResourcesInfo()`, timers that
 * someone else started earlier and that end meanwhile do not hide one that leaked.
 */
export class ResourceTracker {
  private readonly live = new Map<number, string>();
  private readonly hook = createHook({
    init: (id, type) => {
      if (!TRACKED.has(type)) return;
      const stack = new Error().stack ?? '';
      if (FOREIGN.some((mark) => stack.includes(mark))) return;
      this.live.set(id, type);
    },
    destroy: (id) => {
      this.live.delete(id);
    },
  });

  start(): this {
    this.hook.enable();
    return this;
  }

  stop(): void {
    this.hook.disable();
    this.live.clear();
  }

  /** Live resources by type, after `turns` short turns of the event loop (closes and clears settle). */
  async leaked(turns = 5): Promise<Record<string, number>> {
    for (let i = 0; i < turns; i++) await settleTurn();
    const counts: Record<string, number> = {};
    for (const type of this.live.values()) counts[type] = (counts[type] ?? 0) + 1;
    return counts;
  }
}
