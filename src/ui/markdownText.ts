// Markdown built from text we do not control: holder identities, names and values from the cluster
// or from a file. Such text must never become markup — an identity like `[x](command:…)` would be
// a link in a trusted hover — so it goes in as a code span or with every ASCII punctuation
// character backslash-escaped (CommonMark lets any of them be escaped, which also breaks autolinks,
// entities, HTML and theme icons). Free of `vscode` so it is unit-tested in plain Node.

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Text that renders as exactly itself inside a Markdown paragraph (line breaks become spaces). */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(PUNCTUATION, (c) => `\\${c}`);
}

/**
 * Text as an inline code span, whatever backticks it holds: the fence is one backtick longer than
 * the longest run inside, padded with spaces when the text starts or ends with one.
 */
export function codeSpan(text: string): string {
  const flat = oneLine(text);
  if (flat.trim() === '') return flat === '' ? '*(empty)*' : `\`${flat}\``;
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A `command:` link target with its arguments, for a trusted MarkdownString. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function oneLine(text: string): string {
  // Control characters other than tab are dropped: they have no business in a label.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}
