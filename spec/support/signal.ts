/** A promise and the function that resolves it, for a test that waits until a callback has run. */
export interface Signal {
  /** Resolves once {@link fire} has been called. */
  readonly fired: Promise<void>;
  readonly fire: () => void;
}

/** A fresh {@link Signal}: `onRegistered(live.fire)`, then `await live.fired` before acting. */
export function signal(): Signal {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = () => resolve()));
  return { fired, fire };
}
