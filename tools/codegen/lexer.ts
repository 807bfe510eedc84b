import { SourceError } from './source-error.js';
import type { SourcePosition } from './source-error.js';

export type TokenKind = 'identifier' | 'number' | 'punctuation' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: SourcePosition;
  /**
   * Bodies of the comments between the previous token and this one, in order. The parser needs
   * them only for the procedure annotations (`@generate`, `@acl`, ...) above enum members.
   */
  readonly comments: readonly string[];
}

const PUNCTUATION = new Set(['{', '}', '(', ')', '[', ']', '<', '>', ';', ',', '=', '*', ':']);
const NUMBER = /-?(?:0[xX][0-9a-fA-F]+|[0-9]+)(?![A-Za-z0-9_])/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Splits rpcgen source into tokens. `%` lines (C passed through to rpcgen's output) are skipped;
 * comments are kept on the token that follows them.
 */
export function tokenize(source: string, file: string): Token[] {
  const tokens: Token[] = [];
  let comments: string[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;

  const position = (at: number): SourcePosition => ({ file, line, column: at - lineStart + 1 });
  const push = (kind: TokenKind, text: string, at: number): void => {
    tokens.push({ kind, text, pos: position(at), comments });
    comments = [];
    atLineStart = false;
  };

  while (index < source.length) {
    const ch = source[index];
    if (ch === '\n') {
      index++;
      line++;
      lineStart = index;
      atLineStart = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      index++;
      continue;
    }
    if (ch === '%' && atLineStart) {
      while (index < source.length && source[index] !== '\n') index++;
      continue;
    }
    if (ch === '/' && source[index + 1] === '*') {
      const start = position(index);
      const end = source.indexOf('*/', index + 2);
      if (end < 0) throw new SourceError(start, 'unterminated comment');
      const body = source.slice(index + 2, end);
      for (let i = index; i < end; i++) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      comments.push(body);
      index = end + 2;
      continue;
    }
    if (ch === '/' && source[index + 1] === '/') {
      const end = source.indexOf('\n', index);
      comments.push(source.slice(index + 2, end < 0 ? source.length : end));
      index = end < 0 ? source.length : end;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = index;
      const number = NUMBER.exec(source);
      if (number === null) throw new SourceError(position(index), 'malformed number');
      push('number', number[0], index);
      index += number[0].length;
      continue;
    }
    IDENTIFIER.lastIndex = index;
    const identifier = IDENTIFIER.exec(source);
    if (identifier !== null) {
      push('identifier', identifier[0], index);
      index += identifier[0].length;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      push('punctuation', ch, index);
      index++;
      continue;
    }
    throw new SourceError(position(index), `unexpected character '${ch}'`);
  }
  push('end', '', index);
  return tokens;
}
