/** Where something is in an input file, for error messages. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatPosition(pos: SourcePosition): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** A problem in an input file, reported as `file:line:col: message`. */
export class SourceError extends Error {
  constructor(
    readonly pos: SourcePosition,
    readonly detail: string,
  ) {
    super(`${formatPosition(pos)}: ${detail}`);
    this.name = 'SourceError';
  }
}
