import type { Observable } from 'rxjs';

// Return types of the generated methods whose procedure opens a data stream
// (`@readstream`, `@writestream`, and the two-way console and channel procedures).
//
// Stream handles (cold download Observables with pull backpressure, uploads, holes) are the
// subject of their own work item; until they land, these calls fail with an UnsupportedError
// before anything is sent, so that no daemon-side stream is left without a reader.

/** A procedure whose data flows from the daemon to the client (volume download, screenshot). */
export type ReadStreamCall<Ret> = Observable<Ret>;
/** A procedure whose data flows from the client to the daemon (volume upload, tunnelled migration). */
export type WriteStreamCall<Ret> = Observable<Ret>;
/** A procedure whose data flows both ways (console, channel). */
export type DuplexStreamCall<Ret> = Observable<Ret>;
