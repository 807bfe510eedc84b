// A page's view of the types: spec/dom-types compiles the browser entry with lib DOM, no
// @types/node and strict, injecting the DOM's own WebSocket as the doc comments show, and the
// dashboard page (examples/dashboard).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Runs tsc on a project; throws with its diagnostics when it fails. */
function typeCheck(project: string): () => string {
  return () => execFileSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
}

describe('the browser entry under lib DOM without Node types', () => {
  it('type-checks, with the DOM WebSocket as a WebSocketLike as is, and so does the dashboard page', () => {
    expect(typeCheck('spec/dom-types/tsconfig.json')).not.toThrow();
  });
});
