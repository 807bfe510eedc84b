/**
 * rxvirt/testing/node: the fake daemon on a unix socket, for the CLI, virsh or a demo.
 *
 * @module
 */
export { listenFakeDaemon } from './listen.js';
export type { FakeDaemonListener } from './listen.js';
