import { tokenize } from './lexer.js';
import type { Token } from './lexer.js';
import { SourceError } from './source-error.js';
import type {
  Declaration,
  DeclarationForm,
  Definition,
  EnumDefinition,
  EnumMember,
  PrimitiveTypeName,
  Specification,
  StructDefinition,
  TypeSpecifier,
  UnionArm,
  UnionDefinition,
  ValueExpression,
} from './ast.js';

/** Parses rpcgen's XDR language (RFC 4506 plus rpcgen's extensions) as libvirt's `.x` files use it. */
export function parseSpecification(source: string, file: string): Specification {
  return new Parser(tokenize(source, file), file).parse();
}

/** Reads a number literal: decimal, `0x` hex or C octal, optionally negative. */
export function parseNumberLiteral(text: string): bigint {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return negative ? -magnitude : magnitude;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly file: string,
  ) {}

  parse(): Specification {
    const definitions: Definition[] = [];
    while (this.peek().kind !== 'end') definitions.push(this.definition());
    return { file: this.file, definitions };
  }

  private definition(): Definition {
    const keyword = this.peek();
    switch (keyword.kind === 'identifier' ? keyword.text : '') {
      case 'const': {
        this.next();
        const name = this.identifier();
        this.expect('=');
        const value = this.value();
        this.expect(';');
        return { kind: 'const', name: name.text, value, pos: name.pos };
      }
      case 'enum':
        return this.enumDefinition();
      case 'struct':
        return this.structDefinition();
      case 'union':
        return this.unionDefinition();
      case 'typedef': {
        this.next();
        const declaration = this.declaration();
        this.expect(';');
        return { kind: 'typedef', name: declaration.name, declaration, pos: declaration.pos };
      }
      case 'program':
        throw new SourceError(keyword.pos, 'program definitions are not supported (libvirt numbers procedures with enums)');
      default:
        throw this.unexpected(keyword, 'a definition (const, enum, struct, union or typedef)');
    }
  }

  private enumDefinition(): EnumDefinition {
    this.next();
    const name = this.identifier();
    this.expect('{');
    const members: EnumMember[] = [];
    for (;;) {
      const member = this.identifier();
      let value: ValueExpression | null = null;
      if (this.accept('=')) value = this.value();
      const comment = member.comments.length > 0 ? member.comments[member.comments.length - 1] : null;
      members.push({ name: member.text, value, comment, pos: member.pos });
      if (!this.accept(',')) break;
      if (this.peek().text === '}') break;
    }
    this.expect('}');
    this.expect(';');
    return { kind: 'enum', name: name.text, members, pos: name.pos };
  }

  private structDefinition(): StructDefinition {
    this.next();
    const name = this.identifier();
    this.expect('{');
    const fields: Declaration[] = [];
    do {
      fields.push(this.declaration());
      this.expect(';');
    } while (this.peek().text !== '}');
    this.expect('}');
    this.expect(';');
    return { kind: 'struct', name: name.text, fields, pos: name.pos };
  }

  private unionDefinition(): UnionDefinition {
    this.next();
    const name = this.identifier();
    this.expectKeyword('switch');
    this.expect('(');
    const discriminant = this.declaration();
    this.expect(')');
    this.expect('{');
    const arms: UnionArm[] = [];
    let defaultArm: UnionArm | null = null;
    while (this.peek().text !== '}') {
      const token = this.peek();
      if (token.text === 'default') {
        if (defaultArm !== null) throw new SourceError(token.pos, 'a union has at most one default arm');
        this.next();
        this.expect(':');
        defaultArm = { labels: [], declaration: this.armDeclaration() };
        continue;
      }
      const labels: ValueExpression[] = [];
      while (this.peek().text === 'case') {
        this.next();
        labels.push(this.value());
        this.expect(':');
      }
      if (labels.length === 0) throw this.unexpected(token, "'case', 'default' or '}'");
      arms.push({ labels, declaration: this.armDeclaration() });
    }
    this.expect('}');
    this.expect(';');
    if (arms.length === 0 && defaultArm === null) throw new SourceError(name.pos, `union ${name.text} has no arms`);
    return { kind: 'union', name: name.text, discriminant, arms, defaultArm, pos: name.pos };
  }

  /** A union arm: a declaration or `void`, then `;`. */
  private armDeclaration(): Declaration | null {
    if (this.peek().text === 'void') {
      this.next();
      this.expect(';');
      return null;
    }
    const declaration = this.declaration();
    this.expect(';');
    return declaration;
  }

  private declaration(): Declaration {
    const type = this.typeSpecifier();
    let form: DeclarationForm = 'single';
    if (this.accept('*')) form = 'optional';
    const name = this.identifier();
    let size: ValueExpression | null = null;
    if (form === 'single' && this.accept('[')) {
      form = 'fixed';
      size = this.value();
      this.expect(']');
    } else if (form === 'single' && this.accept('<')) {
      form = 'variable';
      if (this.peek().text !== '>') size = this.value();
      this.expect('>');
    }
    if (type.kind === 'primitive') {
      if (type.name === 'string' && form !== 'variable') {
        throw new SourceError(name.pos, `string ${name.text} needs a maximum length: string ${name.text}<N> or <>`);
      }
      if (type.name === 'opaque' && form !== 'fixed' && form !== 'variable') {
        throw new SourceError(name.pos, `opaque ${name.text} needs a length: opaque ${name.text}[N] or <N>`);
      }
    }
    return { name: name.text, type, form, size, pos: name.pos };
  }

  private typeSpecifier(): TypeSpecifier {
    const token = this.identifier();
    const primitive = (name: PrimitiveTypeName): TypeSpecifier => ({ kind: 'primitive', name, pos: token.pos });
    switch (token.text) {
      case 'unsigned': {
        const next = this.peek().text;
        if (next === 'int' || next === 'hyper' || next === 'char' || next === 'short') {
          this.next();
          return primitive(`unsigned ${next}`);
        }
        if (next === 'long') {
          this.next();
          return primitive('unsigned int');
        }
        return primitive('unsigned int');
      }
      case 'long':
        return primitive('int');
      case 'int':
      case 'hyper':
      case 'char':
      case 'short':
      case 'bool':
      case 'float':
      case 'double':
      case 'opaque':
      case 'string':
        return primitive(token.text);
      case 'struct':
      case 'union':
      case 'enum': {
        if (this.peek().text === '{') {
          throw new SourceError(this.peek().pos, `inline ${token.text} definitions are not supported: define a named type`);
        }
        const name = this.identifier();
        return { kind: 'named', name: name.text, pos: name.pos };
      }
      case 'void':
        throw new SourceError(token.pos, "'void' is only allowed as a union arm");
      default:
        return { kind: 'named', name: token.text, pos: token.pos };
    }
  }

  private value(): ValueExpression {
    const token = this.next();
    if (token.kind === 'number') {
      return { kind: 'number', value: parseNumberLiteral(token.text), text: token.text, pos: token.pos };
    }
    if (token.kind === 'identifier') return { kind: 'name', name: token.text, pos: token.pos };
    throw this.unexpected(token, 'a number or a constant name');
  }

  private identifier(): Token {
    const token = this.next();
    if (token.kind !== 'identifier') throw this.unexpected(token, 'a name');
    return token;
  }

  private expectKeyword(keyword: string): void {
    const token = this.next();
    if (token.kind !== 'identifier' || token.text !== keyword) throw this.unexpected(token, `'${keyword}'`);
  }

  private expect(punctuation: string): void {
    const token = this.next();
    if (token.kind !== 'punctuation' || token.text !== punctuation) throw this.unexpected(token, `'${punctuation}'`);
  }

  private accept(punctuation: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punctuation' || token.text !== punctuation) return false;
    this.index++;
    return true;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private unexpected(token: Token, expected: string): SourceError {
    const found = token.kind === 'end' ? 'end of file' : `'${token.text}'`;
    return new SourceError(token.pos, `expected ${expected}, found ${found}`);
  }
}
