/**
 * rxvirt/node-streams: downloads as Node `Readable`s and `Readable`s as upload sources. A separate
 * entry because these declarations name `node:stream`'s types: a project that imports it has
 * @types/node anyway, while the main entry's declarations type-check without it.
 *
 * @module
 */
export { toReadable } from './streams/node/to-readable.js';
export { fromReadable } from './streams/node/from-readable.js';
