import { importLine } from './source-text.js';

/** Which generated module of a unit a name comes from. */
export type UnitModule = 'types' | 'codecs' | 'constants';

/**
 * Collects the names a generated file uses from its own unit's modules and from other units
 * (qemu and lxc use remote's), and writes the import lines for them.
 */
export class ImportCollector {
  private readonly names = new Map<string, Set<string>>();
  /** Paths of {@link addExternal}: type-only imports. */
  private readonly external = new Set<string>();

  constructor(
    private readonly currentUnit: string,
    private readonly currentModule: UnitModule | null,
  ) {}

  add(unit: string, module: UnitModule, name: string): string {
    if (unit === this.currentUnit && module === this.currentModule) return name;
    const from = unit === this.currentUnit ? `./${module}.js` : `../${unit}/${module}.js`;
    const set = this.names.get(from) ?? new Set<string>();
    set.add(name);
    this.names.set(from, set);
    return name;
  }

  /** A type from the library's own runtime (`CallArgs` from `../../protocol/call-args.js`). */
  addExternal(name: string, path: string): string {
    this.external.add(path);
    const set = this.names.get(path) ?? new Set<string>();
    set.add(name);
    this.names.set(path, set);
    return name;
  }

  /** Import lines, own unit's modules after other units', each group sorted by path. */
  lines(): string[] {
    const paths = [...this.names.keys()].sort((a, b) => {
      const localA = a.startsWith('./');
      const localB = b.startsWith('./');
      if (localA !== localB) return localA ? 1 : -1;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return paths.map((path) => importLine(this.names.get(path) ?? [], path, path.endsWith('/types.js') || this.external.has(path)));
  }
}
