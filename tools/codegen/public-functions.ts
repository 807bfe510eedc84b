/**
 * libvirt's public C functions (`<function>` elements of the API XML files), to tie each
 * procedure to the function it implements: its name, the reference page it is documented on,
 * and the enum types its `flags` argument takes. Names and types only: no prose is kept.
 */
export interface PublicFunction {
  readonly name: string;
  /** The module whose reference page documents it, e.g. `libvirt-domain`. */
  readonly module: string;
  /** The enum types named for its `flags` argument, e.g. `virDomainXMLFlags`. */
  readonly flagTypes: readonly string[];
  /** The constants of those types, e.g. `VIR_DOMAIN_XML_SECURE`. */
  readonly flagConstants: readonly string[];
}

const FUNCTION = /<function\s+name='(\w+)'\s+file='([\w-]+)'[^>]*>([\s\S]*?)<\/function>/g;
const FLAGS_ARG = /<arg\s+name='flags'\s+type='[^']*'\s+info='([^']*)'/;
const TYPE_NAME = /\bvir[A-Z]\w*/g;

/**
 * The `<function>` elements of one API XML file. `constantsOf` gives the constants of an enum
 * type (none for a name that is not an enum type of the API files).
 */
export function readPublicFunctions(xml: string, constantsOf: (type: string) => readonly string[]): PublicFunction[] {
  const functions: PublicFunction[] = [];
  for (const [, name, module, body] of xml.matchAll(FUNCTION)) {
    const flags = FLAGS_ARG.exec(body);
    const named = flags === null ? [] : [...new Set(flags[1].match(TYPE_NAME) ?? [])];
    const flagTypes = named.filter((type) => constantsOf(type).length > 0);
    functions.push({ name, module, flagTypes, flagConstants: flagTypes.flatMap(constantsOf) });
  }
  return functions;
}

/** The reference page of a function on libvirt.org. */
export function referenceUrl(fn: PublicFunction): string {
  return `https://libvirt.org/html/libvirt-${fn.module}.html#${fn.name}`;
}

/**
 * Finds the public function a procedure implements by name: `REMOTE_PROC_DOMAIN_GET_XML_DESC` is
 * `virDomainGetXMLDesc`, `QEMU_PROC_DOMAIN_MONITOR_COMMAND` is `virDomainQemuMonitorCommand`,
 * `ADMIN_PROC_CONNECT_LIST_SERVERS` is `virAdmConnectListServers`. Letters are compared without
 * case, and the program's word (`Qemu`, `Lxc`, `Adm`) wherever the C name puts it. A procedure
 * with no public function of its own (authentication, event plumbing) gets `null`.
 */
export function publicFunctionMatcher(functions: readonly PublicFunction[]): (procedureName: string) => PublicFunction | null {
  const byKey = new Map<string, PublicFunction | null>();
  for (const fn of functions) {
    const key = normalise(fn.name.replace(/^vir(Adm)?/, ''));
    // Two functions with one key (never seen in libvirt's files) would make the match a guess.
    byKey.set(key, byKey.has(key) ? null : fn);
  }
  return (procedureName) => {
    const stem = procedureName.replace(/^[A-Z]+_PROC_/, '');
    return byKey.get(normalise(stem)) ?? null;
  };
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, '').replace(/qemu|lxc/g, '');
}
