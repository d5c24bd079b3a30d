// Decoding annotation JSON with an error the user can act on. JSON.parse's messages differ between
// Node versions and some carry no position, so on failure a small scanner finds where the text
// stops being JSON ("at position 17") and what it expected there.

export type JsonDecodeResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly position: number | undefined; readonly detail: string };

export function decodeJson(text: string): JsonDecodeResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const found = locateJsonError(text);
    if (found !== undefined) return { ok: false, position: found.position, detail: found.detail };
    return { ok: false, position: undefined, detail: error instanceof Error ? error.message : 'not valid JSON' };
  }
}

export interface JsonErrorLocation {
  /** Zero-based index of the first character that is not valid JSON (text.length at an early end). */
  readonly position: number;
  readonly detail: string;
}

/** Where text stops being JSON; undefined when it is valid (or too deeply nested to scan). */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  try {
    const scanner = new Scanner(text);
    scanner.document();
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return { position: error.position, detail: error.detail };
    return undefined; // e.g. a stack overflow on absurd nesting: the caller falls back
  }
}

/**
 * The number literals of a JSON object's own members exactly as written (`15.0`, `1e1`), by
 * member name; undefined when the text is not a JSON object. JSON.parse reads `15.0` as 15, but
 * Go's encoding/json refuses to decode it into an int, so a client-go elector cannot read it.
 */
export function memberNumberTexts(text: string): Record<string, string> | undefined {
  try {
    const scanner = new Scanner(text);
    scanner.document();
    return text.trimStart().startsWith('{') ? scanner.numbers : undefined;
  } catch {
    return undefined;
  }
}

class SyntaxAt extends Error {
  constructor(
    readonly position: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Scanner {
  private i = 0;
  private depth = 0;
  /** Number literals of the top-level object's members; undefined when the document is not an object. */
  numbers: Record<string, string> | undefined;
  constructor(private readonly s: string) {}

  document(): void {
    this.ws();
    this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
  }

  private value(): void {
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true');
      case 'f':
        return this.literal('false');
      case 'n':
        return this.literal('null');
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        this.fail(c === undefined ? 'unexpected end, expected a value' : 'expected a value');
    }
  }

  private object(): void {
    this.i++;
    this.depth++;
    // A null prototype: a member named __proto__ is a member like any other.
    const numbers: Record<string, string> | undefined = this.depth === 1 ? Object.create(null) : undefined;
    if (numbers !== undefined) this.numbers = numbers;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      if (this.s[this.i] !== '"')
        this.fail(
          this.atEnd() ? 'unexpected end, expected a property name' : 'expected a property name in double quotes',
        );
      const keyStart = this.i;
      this.string();
      const keyEnd = this.i;
      this.ws();
      if (this.s[this.i] !== ':')
        this.fail(this.atEnd() ? "unexpected end, expected ':'" : "expected ':' after a property name");
      this.i++;
      this.ws();
      const valueStart = this.i;
      this.value();
      if (numbers !== undefined) {
        const first = this.s[valueStart];
        const name = JSON.parse(this.s.slice(keyStart, keyEnd)) as string;
        if (first === '-' || (first !== undefined && first >= '0' && first <= '9'))
          numbers[name] = this.s.slice(valueStart, this.i);
        else delete numbers[name];
      }
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        continue;
      }
      if (c === '}') {
        this.i++;
        this.depth--;
        return;
      }
      this.fail(c === undefined ? "unexpected end, expected ',' or '}'" : "expected ',' or '}'");
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail(c === undefined ? "unexpected end, expected ',' or ']'" : "expected ',' or ']'");
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('unexpected end inside a string');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('control character inside a string');
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          this.i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          this.i += 6;
          continue;
        }
        this.i++;
        this.fail('bad escape in a string');
      }
      this.i++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null) {
      this.i += this.s[this.i] === '-' ? 1 : 0;
      this.fail('expected a digit');
    }
    this.i += m[0].length;
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.s[this.i] !== word[k]) this.fail(this.atEnd() ? `unexpected end inside '${word}'` : 'expected a value');
      this.i++;
    }
  }

  private ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else return;
    }
  }

  private atEnd(): boolean {
    return this.i >= this.s.length;
  }

  private fail(detail: string): never {
    throw new SyntaxAt(this.i, detail);
  }
}
