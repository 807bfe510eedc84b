export { XdrReader } from './reader.js';
export { XdrWriter } from './writer.js';
export { XdrError, XdrErrorReason } from './xdr-error.js';
export { UNBOUNDED } from './limits.js';
