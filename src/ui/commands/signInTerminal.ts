// "Run … in a terminal": a credential plugin that needs a terminal (interactiveMode: Always) or
// that did not answer in time (waiting for a prompt or a browser) is run where the user can answer
// it, in a VS Code terminal, with the kubeconfig's exec environment and KUBERNETES_EXEC_INFO saying
// it may be interactive. Its stdout (the ExecCredential, a token) is not shown. When it exits
// successfully Lease Lens retries: most plugins cache what the sign-in gave them.

import * as vscode from 'vscode';
import type { TerminalCommand } from '../../cluster/credentialErrors';
import type { MonitorHost } from '../shared/monitorHost';

export function registerSignInTerminal(host: MonitorHost, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const running = new Map<vscode.Terminal, string>();
  return [
    vscode.commands.registerCommand('leaseLens.signInInTerminal', async (context?: unknown) => {
      const name = typeof context === 'string' ? context : undefined;
      const problem = name === undefined ? undefined : host.monitor?.statusOf(name)?.problem;
      if (!problem || (problem.kind !== 'interactive' && problem.kind !== 'pluginTimeout')) {
        await vscode.window.showInformationMessage(
          name === undefined
            ? vscode.l10n.t('Lease Lens: no context named to sign in to.')
            : vscode.l10n.t('Lease Lens: context {0} is not waiting for an interactive sign-in.', name),
        );
        return;
      }
      const terminal = vscode.window.createTerminal(terminalOptions(name!, problem.terminal));
      running.set(terminal, name!);
      log.info(`${name}: opened a terminal running its credential plugin (${problem.terminal.shown})`);
      terminal.show();
    }),
    vscode.window.onDidCloseTerminal((terminal) => {
      const name = running.get(terminal);
      if (name === undefined) return;
      running.delete(terminal);
      const code = terminal.exitStatus?.code;
      log.info(`${name}: the sign-in terminal closed (exit code ${code ?? 'unknown'})`);
      if (code === 0) void vscode.commands.executeCommand('leaseLens.refresh');
    }),
  ];
}

/** The terminal: the plugin itself, its stdout discarded (POSIX: through sh; Windows: directly). */
export function terminalOptions(context: string, t: TerminalCommand): vscode.TerminalOptions {
  const name = `Lease Lens sign-in: ${context}`;
  if (process.platform === 'win32') return { name, shellPath: t.command, shellArgs: [...t.args], env: { ...t.env } };
  const script =
    'printf "%s\\n\\n" "Lease Lens runs the credential plugin of context $LEASE_LENS_CONTEXT so that you can sign in (its credential output is hidden)."; "$@" >/dev/null';
  return {
    name,
    shellPath: '/bin/sh',
    shellArgs: ['-c', script, 'lease-lens-sign-in', t.command, ...t.args],
    env: { ...t.env, LEASE_LENS_CONTEXT: context },
  };
}
