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
  /**
   * Values it returns that are libvirt enums, by name: its `int *state` argument documented as
   * one of `virDomainState`, or the `state` field of the `virDomainInfo` it fills in. Only where
   * exactly one enum type is named.
   */
  readonly enumFields: ReadonlyMap<string, string>;
}

const FUNCTION = /<function\s+name='(\w+)'\s+file='([\w-]+)'[^>]*>([\s\S]*?)<\/function>/g;
const FLAGS_ARG = /<arg\s+name='flags'\s+type='[^']*'\s+info='([^']*)'/;
const ARG = /<arg\s+name='(\w+)'\s+type='([^']*)'\s+info='([^']*)'/g;
const STRUCT = /<struct\s+name='(\w+)'[^>]*>([\s\S]*?)<\/struct>/g;
const FIELD = /<field\s+name='(\w+)'\s+type='[^']*'\s+info='([^']*)'/g;
const TYPE_NAME = /\bvir[A-Z]\w*/g;

/**
 * The `<function>` elements of one API XML file. `constantsOf` gives the constants of an enum
 * type (none for a name that is not an enum type of the API files).
 */
export function readPublicFunctions(xml: string, constantsOf: (type: string) => readonly string[]): PublicFunction[] {
  /** The one enum type a documentation string names, if it names exactly one. */
  const enumIn = (info: string): string | undefined => {
    const named = [...new Set(info.match(TYPE_NAME) ?? [])].filter((type) => constantsOf(type).length > 0);
    return named.length === 1 ? named[0] : undefined;
  };
  const structFields = new Map<string, Map<string, string>>();
  for (const [, name, body] of xml.matchAll(STRUCT)) {
    const fields = new Map<string, string>();
    for (const [, field, info] of body.matchAll(FIELD)) {
      const type = enumIn(info);
      if (type !== undefined) fields.set(field, type);
    }
    structFields.set(name, fields);
  }
  const functions: PublicFunction[] = [];
  for (const [, name, module, body] of xml.matchAll(FUNCTION)) {
    const flags = FLAGS_ARG.exec(body);
    const named = flags === null ? [] : [...new Set(flags[1].match(TYPE_NAME) ?? [])];
    const flagTypes = named.filter((type) => constantsOf(type).length > 0);
    const enumFields = new Map<string, string>();
    for (const [, arg, type, info] of body.matchAll(ARG)) {
      // Returned through a pointer: `int *state`, or the fields of a `virDomainInfoPtr`.
      if (arg === 'flags') continue;
      const direct = /^(unsigned )?int \*$/.test(type) ? enumIn(info) : undefined;
      if (direct !== undefined) enumFields.set(arg, direct);
      for (const [field, fieldType] of structFields.get(type.replace(/Ptr$/, '')) ?? []) enumFields.set(field, fieldType);
    }
    functions.push({ name, module, flagTypes, flagConstants: flagTypes.flatMap(constantsOf), enumFields });
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
