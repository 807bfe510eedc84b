// A private test-driver instance: the daemon opens `test:///DIR/node.xml` as a driver state of its
// own for each connection (unlike test:///default, which everyone shares), so a spec may suspend
// its domains freely.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestDriverNode {
  /** `test:///DIR/node.xml`, for CONNECT_OPEN (through a relay) */
  readonly uri: string;
  readonly domains: readonly string[];
  remove(): void;
}

export function writeTestDriverNode(domains: readonly string[] = ['alpha', 'beta']): TestDriverNode {
  const dir = mkdtempSync(join(tmpdir(), 'rxvirt-test-node-'));
  const file = join(dir, 'node.xml');
  const domainXml = domains.map((name) => `  <domain type='test'><name>${name}</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`);
  writeFileSync(file, ['<node>', ...domainXml, '</node>', ''].join('\n'));
  return { uri: `test://${file}`, domains, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
