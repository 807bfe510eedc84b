import { formatBytes } from './format/bytes.js';
import type { OutputStream } from './io.js';

/** How often the bar is redrawn at most: often enough to look alive, rarely enough to cost nothing. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;

/** What a transfer reports as it goes. */
export interface TransferProgress {
  data(bytes: number): void;
  hole(bytes: number): void;
  /** The transfer is over (done, failed or aborted): the bar's line is finished. */
  end(): void;
}

/**
 * A progress bar on `stderr` when it is a terminal (bytes, percentage of `total` when known,
 * rate, holes skipped), nothing otherwise: scripts and pipes get no escape codes.
 */
export function progressBar(stderr: OutputStream, label: string, total: number | undefined, now: () => number = Date.now): TransferProgress {
  if (!stderr.isTTY) return { data: () => undefined, hole: () => undefined, end: () => undefined };
  const started = now();
  let transferred = 0;
  let holes = 0;
  let drawnAt = -Infinity;
  let ended = false;

  const draw = (force: boolean): void => {
    const at = now();
    if (!force && at - drawnAt < REDRAW_INTERVAL_MS) return;
    drawnAt = at;
    const done = transferred + holes;
    const seconds = Math.max((at - started) / 1000, 0.001);
    const parts = [label];
    if (total !== undefined && total > 0) {
      const fraction = Math.min(done / total, 1);
      const filled = Math.round(fraction * BAR_WIDTH);
      parts.push(`[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}]`, `${Math.floor(fraction * 100)}%`, `${formatBytes(done)}/${formatBytes(total)}`);
    } else {
      parts.push(formatBytes(done));
    }
    parts.push(`${formatBytes(transferred / seconds)}/s`);
    if (holes > 0) parts.push(`holes ${formatBytes(holes)}`);
    // \r and "erase to end of line": the bar redraws in place.
    stderr.write(`\r${parts.join('  ')}\x1b[K`);
  };

  return {
    data: (bytes) => {
      transferred += bytes;
      draw(false);
    },
    hole: (bytes) => {
      holes += bytes;
      draw(false);
    },
    end: () => {
      if (ended) return;
      ended = true;
      draw(true);
      stderr.write('\n');
    },
  };
}
