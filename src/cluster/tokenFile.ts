import * as l10n from '@vscode/l10n';
import { CredentialError } from './credentialErrors';
import { RereadFile } from './rereadFile';

/**
 * A kubeconfig user's `tokenFile` (kubectl's field; @kubernetes/client-node 1.4 only knows a
 * non-standard `token-file`, read once). As client-go does, the token is the file's contents with
 * surrounding white space trimmed (a trailing newline would otherwise break the header), an empty
 * file is an error, and when the file cannot be read the last token read keeps being used. Unlike
 * client-go, which re-reads at most once a minute, the file is read again as soon as it changes,
 * and after a 401.
 */
export class TokenFile {
  private readonly file: RereadFile;
  private forceNext = false;

  constructor(
    readonly path: string,
    private readonly log?: (message: string) => void,
  ) {
    this.file = new RereadFile(path);
  }

  async token(): Promise<string> {
    const force = this.forceNext;
    this.forceNext = false;
    let text: string;
    try {
      const { data, changed } = await this.file.read(force);
      text = data.toString('utf8').trim();
      if (changed && this.file.lastData !== undefined) this.log?.(`token file ${this.path}: read`);
    } catch (err) {
      const previous = this.file.lastData?.toString('utf8').trim();
      const detail = fileErrorText(err);
      if (previous) {
        this.log?.(`token file ${this.path} could not be read again (${detail}): using the token read before`);
        return previous;
      }
      throw new CredentialError(
        { kind: 'tokenFile', path: this.path, detail },
        l10n.t('the token file {0} of the kubeconfig {1}', this.path, detail),
      );
    }
    if (text === '')
      throw new CredentialError(
        { kind: 'tokenFile', path: this.path, detail: l10n.t('is empty') },
        l10n.t('the token file {0} of the kubeconfig is empty', this.path),
      );
    return text;
  }

  /** The API server rejected the token: read the file again for the next request. */
  rejected(): void {
    this.forceNext = true;
  }
}

/** "does not exist", "cannot be read (permission denied)", … */
export function fileErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  // Predicates of "the token file … of the kubeconfig", in the display language.
  if (code === 'ENOENT') return l10n.t('does not exist');
  if (code === 'EACCES' || code === 'EPERM') return l10n.t('cannot be read (permission denied)');
  if (code === 'EISDIR') return l10n.t('is a directory');
  return l10n.t('cannot be read ({0})', code ?? (err instanceof Error ? err.message : String(err)));
}
