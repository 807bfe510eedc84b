import { UsageError } from './usage-error.js';

/** An option: `--name`, perhaps `-x`, a flag unless it takes a `value` (named for the help). */
export interface OptionSpec {
  readonly name: string;
  readonly alias?: string;
  /** Placeholder of the option's value in the help (`URI`, `SECONDS`); absent for a flag. */
  readonly value?: string;
  readonly description: string;
}

/** A positional argument; as in virsh, `--name VALUE` gives it too. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

export interface ArgsSpec {
  readonly options: readonly OptionSpec[];
  readonly positionals: readonly PositionalSpec[];
  /**
   * Stop at the first positional and leave it and everything after it unparsed (the tool's own
   * options come before the command's name).
   */
  readonly stopAtPositional?: boolean;
}

/** Parsed arguments: options and positionals by name, and what was left unparsed. */
export class ParsedArgs {
  constructor(
    private readonly values: ReadonlyMap<string, string | true>,
    /** Tokens after the first positional, for a spec with `stopAtPositional`. */
    readonly rest: readonly string[],
    /** The command whose help a {@link UsageError} points at. */
    private readonly command: string | undefined,
  ) {}

  flag(name: string): boolean {
    return this.values.get(name) === true;
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** A value the spec requires (a positional that is not optional): present after parsing. */
  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw new UsageError(`missing ${name}`, this.command);
    return value;
  }

  /** A non-negative number (`--timeout 2.5`), or undefined when absent. */
  number(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new UsageError(`--${name} needs a non-negative number, got '${text}'`, this.command);
    }
    return value;
  }

  /** A non-negative integer as a bigint (`--offset`), or undefined when absent. */
  bigint(name: string): bigint | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${name} needs a non-negative integer, got '${text}'`, this.command);
    return BigInt(text);
  }
}

/**
 * Parses `tokens` against `spec`, virsh-style: `--opt value`, `--opt=value`, `-x value`,
 * positionals in order or as `--name value`, `--` ends the options. Throws a {@link UsageError}
 * for an unknown option, a missing value or positional, or one positional too many.
 */
export function parseArgs(tokens: readonly string[], spec: ArgsSpec, command?: string): ParsedArgs {
  const values = new Map<string, string | true>();
  const pending = spec.positionals.map((positional) => positional.name);
  const byName = new Map<string, OptionSpec>([
    ...spec.positionals.map((positional): [string, OptionSpec] => [positional.name, { ...positional, value: positional.name.toUpperCase() }]),
    ...spec.options.map((option): [string, OptionSpec] => [option.name, option]),
  ]);
  const byAlias = new Map(spec.options.filter((option) => option.alias !== undefined).map((option) => [option.alias, option]));
  let optionsEnded = false;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const isOption = !optionsEnded && token.startsWith('-') && token !== '-';
    if (isOption && token === '--') {
      optionsEnded = true;
      continue;
    }
    if (!isOption) {
      if (spec.stopAtPositional) return new ParsedArgs(values, tokens.slice(i), command);
      const name = pending.find((candidate) => !values.has(candidate));
      if (name === undefined) throw new UsageError(`unexpected argument '${token}'`, command);
      values.set(name, token);
      continue;
    }
    const [key, inline] = splitInline(token);
    const option = key.startsWith('--') ? byName.get(key.slice(2)) : byAlias.get(key.slice(1));
    if (option === undefined) throw new UsageError(`unknown option '${key}'`, command);
    if (option.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${option.name} takes no value`, command);
      values.set(option.name, true);
      continue;
    }
    const value = inline ?? tokens[++i];
    if (value === undefined) throw new UsageError(`--${option.name} needs a value (${option.value})`, command);
    values.set(option.name, value);
  }

  const missing = spec.positionals.find((positional) => !positional.optional && !values.has(positional.name));
  if (missing !== undefined) throw new UsageError(`missing ${missing.name}`, command);
  return new ParsedArgs(values, [], command);
}

/** `--opt=value` → [`--opt`, `value`]; other tokens have no inline value. */
function splitInline(token: string): [string, string | undefined] {
  const equals = token.indexOf('=');
  return token.startsWith('--') && equals > 2 ? [token.slice(0, equals), token.slice(equals + 1)] : [token, undefined];
}
