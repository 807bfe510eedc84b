import type { StreamSession } from './stream-session.js';

/**
 * One consumer's hold on its session's socket reads. libvirt's streams have no window or credit:
 * the daemon sends as fast as the socket takes it, so a consumer that cannot keep up can only stop
 * reading the socket, which stalls every call, event and stream of the connection until it
 * resumes. The session counts holds, and reports them (`readingPaused`) to its keepalive, which
 * must not take the silence this causes for a dead peer.
 */
export class ReadPause {
  private held = false;

  constructor(private readonly session: Pick<StreamSession, 'pauseReading' | 'resumeReading'>) {}

  /** Pauses reading, once however often it is called. */
  hold(): void {
    if (this.held) return;
    this.held = true;
    this.session.pauseReading();
  }

  /** Resumes reading, if this consumer had paused it. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.session.resumeReading();
  }
}
