/**
 * Reads the parts of libvirt's API description (`libvirt-api.xml` and friends) that the
 * generator needs: `<enum>` and `<macro>` elements and their attributes. The files are
 * machine-written with one element per line, so a start-tag scanner is enough; no XML library.
 */
export interface ApiEnumValue {
  readonly name: string;
  /** The C enum type the value belongs to, e.g. `virErrorNumber`. */
  readonly type: string;
  /** A number, or the name of another constant (`VIR_TYPED_PARAM_INT`). */
  readonly value: string;
  /** The header the value is declared in (`libvirt-domain`), which names its reference page. */
  readonly module: string | null;
}

export interface ApiMacro {
  readonly name: string;
  /** C replacement text, e.g. `(256 + 1)`; null for string macros. */
  readonly raw: string | null;
  /** Value of a string macro, e.g. `cpu_shares`. */
  readonly string: string | null;
  /** Function-like macros (`params=`) are never constants. */
  readonly functionLike: boolean;
}

export interface ApiDescription {
  /** File name, e.g. `libvirt-api.xml`. */
  readonly file: string;
  readonly enums: readonly ApiEnumValue[];
  readonly macros: readonly ApiMacro[];
}

const START_TAG = /<(enum|macro)\s([^>]*?)\/?>/g;
const ATTRIBUTE = /([A-Za-z_][\w-]*)\s*=\s*(?:'([^']*)'|"([^"]*)")/g;

export function readApiXml(xml: string, file: string): ApiDescription {
  const enums: ApiEnumValue[] = [];
  const macros: ApiMacro[] = [];
  for (const tag of xml.matchAll(START_TAG)) {
    const attributes = readAttributes(tag[2]);
    const name = attributes.get('name');
    if (name === undefined) throw new Error(`${file}: <${tag[1]}> without a name at offset ${tag.index}`);
    if (tag[1] === 'enum') {
      const type = attributes.get('type');
      const value = attributes.get('value');
      if (type === undefined || value === undefined) throw new Error(`${file}: enum ${name} lacks a type or value`);
      enums.push({ name, type, value, module: attributes.get('file') ?? null });
    } else {
      macros.push({
        name,
        raw: attributes.get('raw') ?? null,
        string: attributes.get('string') ?? null,
        functionLike: attributes.has('params'),
      });
    }
  }
  return { file, enums, macros };
}

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) attributes.set(match[1], decodeEntities(match[2] ?? match[3]));
  return attributes;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (entity: string, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? entity;
  });
}
