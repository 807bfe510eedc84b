/** The shapes of the generated object tables (src/generated/remote/objects.ts), read by ./object-runtime.ts. */

/** Where a reply carries references to wrap: the emitted value itself (`field` null) or one of its fields. */
export interface ReplyObjectInfo<ClassName extends string = string> {
  readonly field: string | null;
  readonly className: ClassName;
  /** An array of references rather than one. */
  readonly array: boolean;
}

/** One procedure as a method of an object class or of `conn.objects`. */
export interface ObjectMethodInfo<ClassName extends string = string> {
  readonly method: string;
  /** The procedure's number in the REMOTE program. */
  readonly procedure: number;
  /** The args field the object fills in (`dom`, `pool`, ...); null for `conn.objects`. */
  readonly argument: string | null;
  readonly reply: readonly ReplyObjectInfo<ClassName>[];
}

/** One object class: the reference it wraps and its methods. */
export interface ObjectClassInfo<ClassName extends string = string> {
  readonly name: ClassName;
  /** The reference struct's fields, which an object carries as its own properties. */
  readonly fields: readonly string[];
  /** null: procedures take the whole reference; else the one field they take (node devices: `name`). */
  readonly key: string | null;
  readonly methods: readonly ObjectMethodInfo<ClassName>[];
}
