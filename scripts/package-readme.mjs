// The README that goes into the .vsix. The extension page (VS Code, Open VSX) shows only https:
// images and resolves relative links against a repository URL, which the project does not have
// yet; so the packaged README drops the screenshots (keeping their captions as text) and turns
// links into files of the repository into plain text. The repository's README is left as it is.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** README.md as the package shows it. */
export function packageReadme(markdown) {
  return (
    markdown
      // A line that is only an image: its caption, in italics.
      .replace(/^!\[([^\]]*)\]\((?!https:)[^)]*\)\s*$/gm, (_, alt) => (alt ? `*${alt}*` : ''))
      // A link to a file of the repository: its text.
      .replace(/(?<!!)\[([^\]]+)\]\((?![a-z]+:|#)[^)]*\)/g, '$1')
      .replace(/\n{3,}/g, '\n\n')
  );
}

export function writePackageReadme(root) {
  const out = join(root, '.build', 'package', 'README.md');
  mkdirSync(join(root, '.build', 'package'), { recursive: true });
  writeFileSync(out, packageReadme(readFileSync(join(root, 'README.md'), 'utf8')));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  // Relative to the repository: vsce --readme-path resolves it against its working directory.
  console.log(relative(root, writePackageReadme(root)));
}
