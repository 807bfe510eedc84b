/** First wait after a connection drops, before the first attempt to reconnect. */
export const DEFAULT_RECONNECT_INITIAL_DELAY_MS = 250;
/** Longest wait between two attempts. */
export const DEFAULT_RECONNECT_MAX_DELAY_MS = 30_000;
/** Each failed attempt multiplies the wait by this much. */
export const DEFAULT_RECONNECT_MULTIPLIER = 2;
/** Fraction of each wait drawn at random (0: none), so that many clients do not reconnect in step. */
export const DEFAULT_RECONNECT_JITTER = 0.5;
/** Attempts after one drop before giving up (about 4 minutes with the other defaults). */
export const DEFAULT_RECONNECT_MAX_ATTEMPTS = 12;

/** When and how often to reconnect after the connection drops. */
export interface ReconnectOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly multiplier?: number;
  /** In [0, 1]: a wait of `d` becomes a random one in `[d × (1 − jitter), d]`. */
  readonly jitter?: number;
  /** Attempts after each drop; `Infinity` never gives up. */
  readonly maxAttempts?: number;
}

/** The reconnect settings in force, checked. */
export function reconnectSettings(options: ReconnectOptions = {}): Required<ReconnectOptions> {
  const settings = {
    initialDelayMs: options.initialDelayMs ?? DEFAULT_RECONNECT_INITIAL_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RECONNECT_MAX_DELAY_MS,
    multiplier: options.multiplier ?? DEFAULT_RECONNECT_MULTIPLIER,
    jitter: options.jitter ?? DEFAULT_RECONNECT_JITTER,
    maxAttempts: options.maxAttempts ?? DEFAULT_RECONNECT_MAX_ATTEMPTS,
  };
  const { initialDelayMs, maxDelayMs, multiplier, jitter, maxAttempts } = settings;
  if (!(initialDelayMs >= 0) || !(maxDelayMs >= initialDelayMs) || !(multiplier >= 1) || !(jitter >= 0 && jitter <= 1) || !(maxAttempts >= 1)) {
    throw new RangeError(
      `reconnect needs 0 <= initialDelayMs <= maxDelayMs, multiplier >= 1, jitter in [0, 1] and maxAttempts >= 1, got ${JSON.stringify(settings)}`,
    );
  }
  return settings;
}

/**
 * The wait before attempt `attempt` (1, 2, ...): exponential from `initialDelayMs`, capped at
 * `maxDelayMs`, with the top `jitter` fraction drawn at random.
 */
export function backoffDelay(attempt: number, settings: Required<ReconnectOptions>, random: () => number = Math.random): number {
  const exponential = settings.initialDelayMs * settings.multiplier ** (attempt - 1);
  const capped = Math.min(settings.maxDelayMs, exponential);
  return Math.round(capped * (1 - settings.jitter * random()));
}
