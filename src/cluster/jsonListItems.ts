/**
 * Splits a Kubernetes list response (`{"kind":…,"metadata":{…},"items":[{…},{…}]}`) into its items
 * while it arrives, so that a list of 65,000 Leases (about 45 MB of JSON) never exists as one
 * buffer, one string and one parsed tree at the same time: each item's text is handed over (and
 * parsed, and trimmed, by the caller) as soon as its last byte is in, and its bytes are let go.
 *
 * It only finds where the top-level `items` array's elements begin and end (tracking strings,
 * escapes and nesting); it validates nothing. JSON.parse of each item, and of the envelope at
 * the end, reports malformed input. Pure, no I/O: fed Buffers, it calls `onItem` with text.
 */
export class JsonListItems {
  /** Nesting depth of objects and arrays at the current byte. */
  private depth = 0;
  private inString = false;
  /** The previous byte was a backslash inside a string (possibly at the end of the last chunk). */
  private escaped = false;
  /** Whether we are inside the top-level `items` array. */
  private inItems = false;
  /** A string just closed at depth 1, and whether it was exactly "items". */
  private lastTopString: 'items' | 'other' | undefined;
  private topKey: 'items' | 'other' | undefined;
  /** Start offset in the current chunk of the top-level string being read, or -1. */
  private topStringStart = -1;
  private topStringBytes: Buffer[] = [];
  /** The current item's bytes from earlier chunks, and whether an item is open. */
  private itemPieces: Buffer[] = [];
  private itemOpen = false;
  private itemStart = 0;
  /** Everything outside the items (small): parsed at the end for metadata. */
  private envelope: Buffer[] = [];
  private envelopeStart = 0;
  private itemCount = 0;

  constructor(private readonly onItem: (text: string) => void) {}

  /** How many items were handed over so far. */
  get items(): number {
    return this.itemCount;
  }

  write(chunk: Buffer): void {
    this.envelopeStart = this.inItems ? -1 : 0;
    this.itemStart = 0;
    this.topStringStart = this.inString && this.depth === 1 && !this.inItems ? 0 : -1;
    const n = chunk.length;
    let i = 0;
    // The next backslash at or after i (n when none): found once per stretch, not per string.
    let backslash = -1;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // Jump to the next quote; a backslash before it escapes the character after it.
        const quote = chunk.indexOf(0x22, i);
        if (backslash < i) {
          backslash = chunk.indexOf(0x5c, i);
          if (backslash === -1) backslash = n;
        }
        if (backslash < n && (quote === -1 || backslash < quote)) {
          i = backslash + 1;
          this.escaped = true;
          continue;
        }
        if (quote === -1) {
          i = n;
          break;
        }
        i = quote + 1;
        this.inString = false;
        if (this.depth === 1 && !this.inItems) this.closeTopString(chunk, i - 1);
        continue;
      }
      const c = chunk[i]!;
      switch (c) {
        case 0x22: // "
          this.inString = true;
          if (this.depth === 1 && !this.inItems) {
            this.topStringStart = i + 1;
            this.topStringBytes = [];
          } else if (this.inItems && this.depth === 1) this.openItem(i);
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (this.inItems && this.depth === 1) this.openItem(i);
          if (c === 0x5b && this.depth === 1 && !this.inItems && this.topKey === 'items') {
            // The items array begins: the envelope so far ends with '['; ']' resumes it.
            this.envelope.push(chunk.subarray(this.envelopeStart, i + 1));
            this.envelopeStart = -1;
            this.inItems = true;
            // Inside the array, elements sit at depth 1 relative to it: see openItem/closeItem.
            this.depth = 1;
            i++;
            continue;
          }
          this.depth++;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          if (this.inItems && this.depth === 1) {
            // The items array ends (only ']' is valid here).
            this.closeItem(chunk, i);
            this.inItems = false;
            this.envelopeStart = i;
            this.depth = 1;
            this.topKey = undefined;
            i++;
            continue;
          }
          this.depth--;
          break;
        case 0x2c: // ,
          if (this.inItems && this.depth === 1) this.closeItem(chunk, i);
          else if (this.depth === 1) this.topKey = undefined;
          break;
        case 0x3a: // :
          if (this.depth === 1 && !this.inItems) this.topKey = this.lastTopString;
          break;
        case 0x20:
        case 0x0a:
        case 0x0d:
        case 0x09:
          break;
        default:
          // Numbers, true, false, null as items.
          if (this.inItems && this.depth === 1) this.openItem(i);
      }
      i++;
    }
    if (this.itemOpen) this.itemPieces.push(chunk.subarray(this.itemStart));
    if (this.envelopeStart >= 0 && this.envelopeStart < n) this.envelope.push(chunk.subarray(this.envelopeStart));
    if (this.topStringStart >= 0 && this.inString) this.topStringBytes.push(chunk.subarray(this.topStringStart));
  }

  /**
   * The list without its items, parsed (`items` is an empty array): its metadata carries the
   * resourceVersion and the continue token. Throws when the input was cut short or is not JSON.
   */
  end(): unknown {
    if (this.inString || this.inItems || this.depth !== 0)
      throw new SyntaxError('the list response ended in the middle of its JSON');
    return JSON.parse(Buffer.concat(this.envelope).toString('utf8')) as unknown;
  }

  private openItem(at: number): void {
    if (this.itemOpen) return;
    this.itemOpen = true;
    this.itemStart = at;
    this.itemPieces = [];
  }

  private closeItem(chunk: Buffer, at: number): void {
    if (!this.itemOpen) return;
    this.itemOpen = false;
    const last = chunk.subarray(this.itemStart, at);
    const text =
      this.itemPieces.length === 0 ? last.toString('utf8') : Buffer.concat([...this.itemPieces, last]).toString('utf8');
    this.itemPieces = [];
    this.itemCount++;
    this.onItem(text);
  }

  private closeTopString(chunk: Buffer, endQuote: number): void {
    const piece = chunk.subarray(Math.max(0, this.topStringStart), endQuote);
    const pieces = this.topStringBytes.length > 0 ? [...this.topStringBytes, piece] : [piece];
    const length = pieces.reduce((sum, p) => sum + p.length, 0);
    this.lastTopString = length === 5 && Buffer.concat(pieces).toString('latin1') === 'items' ? 'items' : 'other';
    this.topStringStart = -1;
    this.topStringBytes = [];
  }
}
