// Markdown built from text we do not control: escaping lives in src/core (markdownText.ts), shared
// with the timeline export; what is left here is for VS Code's surfaces only. Free of `vscode` so
// it is unit-tested in plain Node.

export { codeSpan, escapeMarkdown, MAX_SENTENCE_LENGTH } from '../../core/markdownText';

/** A `command:` link target with its arguments, for a trusted MarkdownString. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/**
 * Text for a surface that draws `$(name)` as a theme icon (quick pick items, status bar text):
 * a zero-width space after the `$` keeps it text, looking the same.
 */
export function noThemeIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
