// Text from the cluster or a file as every view shows it: holder identities, names, annotation
// values. Such text may hold anything JSON can: line breaks that fake extra lines in a dialog,
// terminal escapes, bidi overrides that show `evil‮txt.exe` reversed, zero-width characters that
// make two different holders look the same, stacks of combining marks that paint over the next
// line, or 100 KB in one identity. displayText makes all of these visible and bounded, and leaves
// every other character (any script, emoji) as it is. Markup escaping is a separate step for the
// surfaces that need it (src/ui/shared/markdownText.ts); the webview sets text, never HTML.

/** Longest text a view shows for one value; the rest is replaced by an ellipsis and a count. */
export const MAX_DISPLAY_LENGTH = 256;

/** Combining marks kept on one base character (Zalgo text stacks hundreds). */
export const MAX_COMBINING_MARKS = 4;

// C0 controls and DEL become their Unicode Control Pictures (␀ ␊ ␛ ␡): visible, one column wide.
// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u001f\u007f]/g;

// Characters that render as nothing or reorder the text around them: C1 controls, soft hyphen,
// Arabic letter mark, Mongolian vowel separator, zero-width space/joiners, LRM/RLM, line and
// paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible operators,
// BOM, interlinear annotations, tag characters, lone surrogates. Shown as `<U+202E>`.
const INVISIBLE =
  /[\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// A zero-width joiner between two pictographs joins an emoji sequence (👩‍💻): that one stays.
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}\ufe0f?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

const COMBINING_RUN = new RegExp(`(\\p{M}{${MAX_COMBINING_MARKS}})\\p{M}+`, 'gu');

/** Whether `text` needs displayText at all (the common case, a plain identity, does not). */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * `text` safe to show in one line: controls and invisible characters made visible, combining
 * marks capped, and at most `maxLength` UTF-16 units of it (never splitting a surrogate pair)
 * followed by `… (N more characters)`.
 */
export function displayText(text: string, maxLength = MAX_DISPLAY_LENGTH): string {
  if (PLAIN.test(text)) return truncate(text, maxLength);
  // Truncating first keeps the work bounded; a little slack covers what visible forms add.
  let out = text.length > maxLength * 2 ? text.slice(0, maxLength * 2) : text;
  out = out
    .replace(INVISIBLE, (c: string, at: number, all: string) => {
      if (
        c === '\u200d' &&
        PICTOGRAPH_BEFORE.test(all.slice(Math.max(0, at - 3), at)) &&
        PICTOGRAPH_AFTER.test(all.slice(at + 1, at + 3))
      )
        return c;
      return `<U+${hex(c.length === 2 ? (c.codePointAt(0) ?? 0) : c.charCodeAt(0))}>`;
    })
    .replace(C0, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(COMBINING_RUN, '$1');
  // What was cut before the visible forms were made counts too (in the input's UTF-16 units).
  const cut = text.length - (text.length > maxLength * 2 ? maxLength * 2 : text.length);
  return truncate(out, maxLength, cut);
}

function truncate(text: string, maxLength: number, alreadyCut = 0): string {
  if (text.length <= maxLength && alreadyCut === 0) return text;
  let end = Math.min(maxLength, text.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  const more = text.length - end + alreadyCut;
  return `${text.slice(0, end)}… (${more} more character${more === 1 ? '' : 's'})`;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
