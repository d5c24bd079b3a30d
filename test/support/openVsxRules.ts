// The metadata rules the Open VSX registry applies when an extension is published (its server's
// extension validator, eclipse/openvsx), checked here against a packaged manifest so that a .vsix
// is known to be accepted by VSCodium, code-server and Gitpod users' registry before anyone tries.
// Returns what would be refused, in the registry's words; empty when the package passes.

const NAME = /^[\w\-+$~]+$/;
const DEFAULT_LIMIT = 255;
const DESCRIPTION_LIMIT = 2048;
const GALLERY_COLOR_LIMIT = 16;
const VERSION_PUNCTUATION = new Set(['$', '+', '-', ',', '.', ':', ';', '_']);
// Control, format, unassigned, private use, line and paragraph separators.
const INVALID_CHARACTER = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;

export interface PackagedManifest {
  readonly publisher?: unknown;
  readonly name?: unknown;
  readonly version?: unknown;
  readonly displayName?: unknown;
  readonly description?: unknown;
  readonly categories?: unknown;
  readonly keywords?: unknown;
  readonly license?: unknown;
  readonly homepage?: unknown;
  readonly repository?: unknown;
  readonly bugs?: unknown;
  readonly markdown?: unknown;
  readonly qna?: unknown;
  readonly galleryBanner?: { readonly color?: unknown; readonly theme?: unknown };
}

export function openVsxIssues(m: PackagedManifest, files: readonly string[]): string[] {
  const issues: string[] = [];
  const text = (field: string, value: unknown, limit = DEFAULT_LIMIT) => {
    if (value === undefined) return;
    if (typeof value !== 'string') return void issues.push(`'${field}' is not a string`);
    if (INVALID_CHARACTER.test(value)) issues.push(`Invalid character found in field '${field}'`);
    if (value.length > limit) issues.push(`The field '${field}' exceeds the current limit of ${limit} characters.`);
  };
  const url = (field: string, value: unknown) => {
    const raw = typeof value === 'object' && value !== null ? (value as { url?: unknown }).url : value;
    if (raw === undefined) return;
    try {
      if (typeof raw !== 'string' || new URL(raw.replace(/^git\+/, '')).host === '') throw new Error();
    } catch {
      issues.push(`Invalid URL in field '${field}'`);
    }
    text(field, raw);
  };
  for (const [field, value] of [
    ['publisher (namespace)', m.publisher],
    ['name', m.name],
  ] as const) {
    if (typeof value !== 'string' || value === '' || value === '-') issues.push(`${field} must not be empty.`);
    else if (!NAME.test(value)) issues.push(`Invalid ${field}: ${value}`);
    else text(field, value);
  }
  if (typeof m.version !== 'string' || m.version === '') issues.push('Version must not be empty.');
  else {
    if (['latest', 'pre-release', 'reviews'].includes(m.version))
      issues.push(`The version '${m.version}' is reserved.`);
    const bad = [...m.version].find((c) => !/[\p{L}\p{Nd}]/u.test(c) && !VERSION_PUNCTUATION.has(c));
    if (bad !== undefined) issues.push(`Invalid character '${bad}' found in version.`);
  }
  text('displayName', m.displayName);
  text('description', m.description, DESCRIPTION_LIMIT);
  for (const [field, list] of [
    ['categories', m.categories],
    ['keywords', m.keywords],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) issues.push(`'${field}' is not a list`);
    else for (const v of list) text(field, v);
  }
  text('license', m.license);
  url('homepage', m.homepage);
  url('repository', m.repository);
  url('bugs', m.bugs);
  if (m.markdown !== undefined && !['github', 'standard'].includes(String(m.markdown)))
    issues.push("Invalid value in field 'markdown'");
  if (m.qna !== undefined && !['marketplace', 'false'].includes(String(m.qna))) url('qna', m.qna);
  if (m.galleryBanner !== undefined) {
    text('galleryBanner.color', m.galleryBanner.color, GALLERY_COLOR_LIMIT);
    if (m.galleryBanner.theme !== undefined && !['dark', 'light'].includes(String(m.galleryBanner.theme)))
      issues.push("Invalid value in field 'galleryBanner.theme'");
  }
  // The registry only takes open-source licences, and the publishing tool refuses a package without one.
  if (typeof m.license !== 'string' || m.license === '') issues.push('No license in package.json.');
  if (!files.some((f) => /^extension\/LICEN[CS]E(\.(md|txt))?$/i.test(f)))
    issues.push('No LICENSE file in the package.');
  return issues;
}
