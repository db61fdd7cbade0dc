/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Line and column of offsets in a text, from the offsets where lines start,
 * found once (one pass) and then binary-searched: linear whatever the layout,
 * a one-line 500 MB plan as much as a pretty-printed one.
 */
export class LineLocator {
  private starts: Uint32Array | number[] | undefined;

  constructor(private readonly text: string) {}

  private index(): Uint32Array | number[] {
    if (this.starts) return this.starts;
    const list: number[] = [0];
    for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) list.push(i + 1);
    // Offsets of texts over 4 GiB do not fit a Uint32Array; node strings stop well before that.
    this.starts = this.text.length < 0xffffffff ? Uint32Array.from(list) : list;
    return this.starts;
  }

  /** The index of the line holding `offset`, 0-based. */
  private find(offset: number): number {
    const s = this.index();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineAt(offset: number): number {
    return this.find(offset) + 1;
  }

  positionAt(offset: number): Position {
    const i = this.find(offset);
    return { line: i + 1, column: offset - this.index()[i]! + 1 };
  }
}

/** The line and column of an offset, for error messages. */
export function position(text: string, offset: number): Position {
  return new LineLocator(text).positionAt(offset);
}
