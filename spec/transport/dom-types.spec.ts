// A page's view of the types: spec/dom-types compiles the browser entry with lib DOM, no
// @types/node and strict, injecting the DOM's own WebSocket as the doc comments show.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

describe('the browser entry under lib DOM without Node types', () => {
  it('type-checks, and the DOM WebSocket is a WebSocketLike as is', () => {
    const run = (): string => execFileSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'spec/dom-types/tsconfig.json'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });
});
