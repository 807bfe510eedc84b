/** A `raw` C text that is not a small integer expression (a cast, a call, a type name, ...). */
export class CExpressionError extends Error {}

/** Binary operators by precedence, lowest first (C's order for the ones that occur). */
const BINARY_LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*|([A-Za-z_][A-Za-z0-9_]*)|(<<|>>|[-+*/%|&^~()]))/y;

/**
 * Evaluates the small integer expressions found in libvirt's API XML `raw` attributes, such as
 * `(256 + 1)`, `(16)`, `(1 << 4)` or an `LL`-suffixed literal followed by a C comment. Names are
 * resolved through `lookup`. Arithmetic is on bigints, as C's `long long` would be.
 */
export function evaluateCExpression(text: string, lookup: (name: string) => bigint | undefined): bigint {
  const tokens = tokenizeC(text.replace(/\/\*[\s\S]*?\*\//g, ' '));
  let index = 0;

  const peek = (): string | undefined => tokens[index];
  const primary = (): bigint => {
    const token = tokens[index++];
    if (token === undefined) throw new CExpressionError(`unexpected end of '${text}'`);
    if (token === '(') {
      const value = binary(0);
      if (tokens[index++] !== ')') throw new CExpressionError(`missing ')' in '${text}'`);
      return value;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (token === '~') return ~primary();
    if (/^[0-9]/.test(token)) return /^0[0-7]+$/.test(token) ? BigInt(`0o${token.slice(1)}`) : BigInt(token);
    if (/^[A-Za-z_]/.test(token)) {
      const value = lookup(token);
      if (value === undefined) throw new CExpressionError(`unknown name '${token}' in '${text}'`);
      return value;
    }
    throw new CExpressionError(`unexpected '${token}' in '${text}'`);
  };
  const binary = (level: number): bigint => {
    if (level === BINARY_LEVELS.length) return primary();
    let left = binary(level + 1);
    for (let op = peek(); op !== undefined && BINARY_LEVELS[level].includes(op); op = peek()) {
      index++;
      left = apply(op, left, binary(level + 1), text);
    }
    return left;
  };

  const value = binary(0);
  if (index !== tokens.length) throw new CExpressionError(`unexpected '${tokens[index]}' in '${text}'`);
  return value;
}

function tokenizeC(text: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(text);
    if (match === null) throw new CExpressionError(`not an integer expression: '${text}'`);
    tokens.push(match[1] ?? match[2] ?? match[3]);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

function apply(op: string, left: bigint, right: bigint, text: string): bigint {
  switch (op) {
    case '|':
      return left | right;
    case '^':
      return left ^ right;
    case '&':
      return left & right;
    case '<<':
      return left << right;
    case '>>':
      return left >> right;
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    default:
      if (right === 0n) throw new CExpressionError(`division by zero in '${text}'`);
      return op === '/' ? left / right : left % right;
  }
}
