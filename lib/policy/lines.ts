/**
 * Finds 1-based line numbers for offsets in a text. Offsets asked in increasing
 * order are answered by counting newlines forward from the last answer, so a
 * whole file costs one pass; a backward question rescans from the start.
 */
export class LineLocator {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    if (offset < this.pos) {
      this.pos = 0;
      this.line = 1;
    }
    let i = this.text.indexOf("\n", this.pos);
    while (i !== -1 && i < offset) {
      this.line++;
      i = this.text.indexOf("\n", i + 1);
    }
    this.pos = offset;
    return this.line;
  }
}

/** The line and column of an offset, for error messages. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
