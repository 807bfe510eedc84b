/**
 * The machine-readable annotations libvirt writes in the comment above each procedure:
 * `@generate`, `@priority`, `@acl`, `@aclfilter`, `@readstream`, `@writestream`, `@sparseflag`.
 */
export interface ProcedureAnnotations {
  readonly generate: 'both' | 'client' | 'server' | 'none' | null;
  readonly priority: 'high' | 'low';
  readonly acl: readonly string[];
  readonly aclFilter: readonly string[];
  readonly stream: 'read' | 'write' | null;
  /** The flag's constant name, resolved to a number by the caller. */
  readonly sparseFlag: string | null;
}

const ANNOTATION = /^@([a-z]+):\s*(.*?)\s*$/;

/** Reads the annotations of one comment body; throws on unknown or malformed ones. */
export function parseAnnotations(comment: string | null): ProcedureAnnotations {
  let generate: ProcedureAnnotations['generate'] = null;
  let priority: ProcedureAnnotations['priority'] = 'low';
  const acl: string[] = [];
  const aclFilter: string[] = [];
  let stream: ProcedureAnnotations['stream'] = null;
  let sparseFlag: string | null = null;

  for (const rawLine of (comment ?? '').split('\n')) {
    const match = ANNOTATION.exec(rawLine.replace(/^\s*\*?\s*/, ''));
    if (match === null) continue;
    const [, key, value] = match;
    switch (key) {
      case 'generate':
        if (value !== 'both' && value !== 'client' && value !== 'server' && value !== 'none') throw invalid(key, value);
        generate = value;
        break;
      case 'priority':
        if (value !== 'high' && value !== 'low') throw invalid(key, value);
        priority = value;
        break;
      case 'acl':
        acl.push(value);
        break;
      case 'aclfilter':
        aclFilter.push(value);
        break;
      case 'readstream':
      case 'writestream':
        if (!/^[0-9]+$/.test(value)) throw invalid(key, value);
        if (stream !== null) throw new Error('a procedure opens at most one stream');
        stream = key === 'readstream' ? 'read' : 'write';
        break;
      case 'sparseflag':
        if (!/^[A-Z_][A-Z0-9_]*$/.test(value)) throw invalid(key, value);
        sparseFlag = value;
        break;
      default:
        throw new Error(`unknown annotation @${key}`);
    }
  }
  return { generate, priority, acl, aclFilter, stream, sparseFlag };
}

function invalid(key: string, value: string): Error {
  return new Error(`invalid @${key} value '${value}'`);
}
