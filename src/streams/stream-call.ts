import type { DownloadStream } from './download-stream.js';
import type { DuplexStream } from './duplex-stream.js';
import type { UploadStream } from './upload-stream.js';

// Return types of the generated methods whose procedure opens a data stream (`@readstream`,
// `@writestream`, and the two-way console and channel procedures). `Ret` is the call's reply,
// unwrapped as for any call.

/** A procedure whose data flows from the daemon to the client (volume download, screenshot). */
export type ReadStreamCall<Ret> = DownloadStream<Ret>;
/** A procedure whose data flows from the client to the daemon (volume upload, tunnelled migration). */
export type WriteStreamCall<Ret> = UploadStream<Ret>;
/** A procedure whose data flows both ways (console, channel). */
export type DuplexStreamCall<Ret> = DuplexStream<Ret>;
