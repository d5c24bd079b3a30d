// Markdown built from text we do not control: holder identities, names and values from the cluster
// or from a file. Such text must never become markup — an identity like `[x](command:…)` would be
// a link in a trusted hover, `| x |` a table cell of its own in an exported timeline — so it goes
// in as a code span or with every ASCII punctuation character backslash-escaped (CommonMark lets
// any of them be escaped, which also breaks autolinks, entities, HTML, table pipes and theme
// icons). Before that, displayText (displayText.ts) makes control, bidi and zero-width characters
// visible and cuts text longer than a view can use. Pure: the hover and tooltips (src/ui) and the
// timeline export (timelineExport.ts) share it.

import { displayText } from './displayText';

/** Sentences (problem messages, errors) may be longer than a value before they are cut. */
export const MAX_SENTENCE_LENGTH = 1000;

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Text that renders as exactly itself inside a Markdown paragraph: line breaks become spaces, other
 * control and invisible characters visible, and beyond `maxLength` it is cut with an ellipsis.
 */
export function escapeMarkdown(text: string, maxLength = MAX_SENTENCE_LENGTH): string {
  return displayText(text.replace(LINE_BREAKS, ' '), maxLength).replace(PUNCTUATION, (c) => `\\${c}`);
}

/**
 * Text as an inline code span, whatever backticks it holds: the fence is one backtick longer than
 * the longest run inside, padded with spaces when the text starts or ends with one.
 */
export function codeSpan(text: string, maxLength?: number): string {
  // A value keeps its line breaks visible (␊): `a␊b` is not the holder `a b`.
  const flat = displayText(text, maxLength);
  if (flat.trim() === '') return flat === '' ? '*(empty)*' : `\`${flat}\``;
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
