// Why a context has no credential to send, as typed values the views word (src/ui/tree/
// contextMessages.ts): which plugin, what it said, what to run. Messages never hold a credential.

/** A command the user can run in a terminal to sign in (an interactive plugin, one that hung). */
export interface TerminalCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Variables to add to the terminal's environment (the kubeconfig's exec env, KUBERNETES_EXEC_INFO). */
  readonly env: Readonly<Record<string, string>>;
  /** The command line as it may be shown (secret-looking flag values hidden). */
  readonly shown: string;
}

export type CredentialProblem =
  /** The plugin ran and failed: an expired SSO session, `gcloud auth login` needed… */
  | {
      readonly kind: 'signIn';
      readonly plugin: string;
      /** The first meaningful line of its stderr, or how it exited. */
      readonly detail: string;
      readonly exitCode: number | null;
      /** A command its output says to run ("$ gcloud auth login"), if any. */
      readonly suggestion?: string;
    }
  | {
      readonly kind: 'pluginMissing';
      readonly plugin: string;
      readonly command: string;
      /** The PATH the plugin was looked up on (the extension host's, or the exec env's). */
      readonly path: string;
      readonly installHint: string | undefined;
    }
  | {
      readonly kind: 'pluginTimeout';
      readonly plugin: string;
      readonly seconds: number;
      readonly terminal: TerminalCommand;
    }
  /** interactiveMode: Always: the plugin needs a terminal, so it is not started without one. */
  | { readonly kind: 'interactive'; readonly plugin: string; readonly terminal: TerminalCommand }
  /** The plugin's configuration or output is not what the protocol asks for. */
  | { readonly kind: 'pluginInvalid'; readonly plugin: string; readonly detail: string }
  /** A fresh credential from the plugin was rejected (401) again right after a re-run. */
  | { readonly kind: 'pluginRejected'; readonly plugin: string }
  | { readonly kind: 'tokenFile'; readonly path: string; readonly detail: string }
  | { readonly kind: 'credentialFile'; readonly path: string; readonly what: string; readonly detail: string };

/**
 * No credential could be obtained. `needsUser`: retrying on a timer cannot help (a sign-in, an
 * install, a terminal is needed), so the watches stop and wait for Retry, Refresh or a kubeconfig
 * change instead of re-running the plugin over and over.
 */
export class CredentialError extends Error {
  constructor(
    readonly problem: CredentialProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }

  get needsUser(): boolean {
    return this.problem.kind !== 'tokenFile' && this.problem.kind !== 'credentialFile';
  }
}
