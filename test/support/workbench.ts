import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  remoteUri,
  repoRoot,
  startVsCodeServer,
  writeEmptyKubeconfig,
  type Settings,
  type VsCodeServer,
  makeTempDir,
  removeTempDir,
} from './vscodeServer';

/**
 * Playwright helpers for UI tests: a real VS Code workbench (the code-server VS Code server in
 * Debian's Chromium) with Lease Lens loaded as the extension under development. Selectors are the
 * ones that work on VS Code 1.100 (docs/architecture.md#the-real-vs-code).
 */

export interface WorkbenchOptions {
  /**
   * Machine settings. Default: `leaseLens.kubeconfigPath` pointing at an empty kubeconfig (and
   * KUBECONFIG too), so the workbench never sees the developer's own clusters. Pass a real
   * cluster's kubeconfig here.
   */
  readonly settings?: Settings;
  /** User settings on top of the harness's quiet defaults (no start-up editor, no telemetry…). */
  readonly userSettings?: Settings;
  /** Extra environment for the server, and so for the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Folder to open. Default: a fresh temp folder holding `files`, removed by close(). */
  readonly workspace?: string;
  /** Files (relative path → content) to create in the temp workspace. */
  readonly files?: Readonly<Record<string, string>>;
  /** The extension under development; default the repository root. */
  readonly extensionDevelopmentPath?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
  /**
   * The Explorer view whose header shows that the extension's contributions are registered
   * (commands are in the palette from then on); default "Leader Elections", null to not wait.
   */
  readonly readyView?: string | null;
  /**
   * Workspace trust on (the folder opens untrusted, in Restricted Mode, without the start-up
   * prompt). Default off: the harness disables trust so that every test connects.
   */
  readonly workspaceTrust?: boolean;
  /**
   * The display language (the server's `--locale`, with a language pack registered for it, and
   * the browser's locale). The workbench hands it to the extension host, whose `vscode.l10n` then
   * loads `l10n/bundle.l10n.<locale>.json`, and the extension's manifest comes from
   * `package.nls.<locale>.json`. Default: English.
   */
  readonly locale?: string;
}

export interface Workbench {
  readonly server: VsCodeServer;
  readonly browser: Browser;
  readonly page: Page;
  /** The opened folder. */
  readonly workspace: string;
  /** Console errors and uncaught exceptions of the page so far, for failure messages. */
  readonly pageErrors: readonly string[];
  /** Milliseconds from start to a workbench with its Explorer and the extension's view shown. */
  readonly readyMs: number;
  /** Loads the workbench again (Machine settings written since are picked up). */
  reload(): Promise<void>;
  /**
   * Opens a second window (browser page) on the same server and folder. Each window has its own
   * extension host, so its own Lease Lens with its own watches. Closed by close().
   */
  openWindow(): Promise<Page>;
  /** Closes the browser, stops the server, removes every temp folder. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts a fresh server and opens its workbench on a folder, with Lease Lens in development mode. */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const started = Date.now();
  const temp = makeTempDir('lease-lens-ui-');
  let server: VsCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    let workspace = options.workspace;
    if (!workspace) {
      workspace = join(temp, 'workspace');
      mkdirSync(workspace);
      for (const [rel, content] of Object.entries(options.files ?? {})) {
        const file = join(workspace, rel);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    let settings = options.settings;
    let env = options.env;
    if (!settings) {
      const kubeconfig = writeEmptyKubeconfig(temp);
      settings = { 'leaseLens.kubeconfigPath': kubeconfig };
      env = { KUBECONFIG: kubeconfig, ...env };
    }
    server = await startVsCodeServer({
      machineSettings: settings,
      ...(options.workspaceTrust ? { workspaceTrust: true } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.userSettings ? { userSettings: options.userSettings } : {}),
      ...(env ? { env } : {}),
    });
    browser = await launchChromium();
    const viewport = options.viewport ?? { width: 1280, height: 800 };
    const page = await browser.newPage({ viewport, ...(options.locale ? { locale: options.locale } : {}) });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', remoteUri(resolve(options.extensionDevelopmentPath ?? repoRoot))],
      ['skipWelcome', 'true'],
    ]);
    const readyView = options.readyView === undefined ? 'Leader Elections' : options.readyView;
    const load = async (into: Page = page) => {
      await into.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await into.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await into.locator(explorerSelector).waitFor({ timeout: 60_000 });
      if (readyView) await viewPane(into, readyView).locator('.pane-header').waitFor({ timeout: 60_000 });
    };
    await load();
    const readyMs = Date.now() - started;
    const activeServer = server;
    const activeBrowser = browser;
    let closed: Promise<void> | undefined;
    return {
      server: activeServer,
      browser: activeBrowser,
      page,
      workspace,
      pageErrors,
      readyMs,
      reload: () => load(),
      async openWindow() {
        const another = await activeBrowser.newPage({
          viewport,
          ...(options.locale ? { locale: options.locale } : {}),
        });
        another.on('pageerror', (err) => pageErrors.push(err.message));
        await load(another);
        return another;
      },
      close() {
        closed ??= (async () => {
          await activeBrowser.close().catch(() => undefined);
          await activeServer.stop();
          removeTempDir(temp);
        })();
        return closed;
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    removeTempDir(temp);
    throw err;
  }
}

const explorerSelector = '.part.sidebar .composite[id="workbench.view.explorer"]';

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i');
}

/** Shows the Explorer in the side bar (no-op when it is already shown). */
export async function openExplorer(page: Page): Promise<void> {
  if (await page.locator(explorerSelector).isVisible()) return;
  await runCommand(page, 'View: Show Explorer');
  await page.locator(explorerSelector).waitFor();
}

/**
 * The pane of a view by the title its header shows (any capitals). Not opened: see openView.
 */
export function viewPane(page: Page, title: string): Locator {
  return page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator('.pane-header .title', { hasText: exactly(title) }) });
}

/** Opens the Explorer, then the view with this title (expanding it when collapsed); returns its pane. */
export async function openView(page: Page, title: string, timeoutMs = 30_000): Promise<Locator> {
  await openExplorer(page);
  const pane = viewPane(page, title);
  const header = pane.locator('.pane-header');
  await header.waitFor({ timeout: timeoutMs });
  if ((await header.getAttribute('aria-expanded')) !== 'true') {
    await header.click();
    await pane.locator('.pane-header[aria-expanded="true"]').waitFor({ timeout: timeoutMs });
  }
  await pane.locator('.pane-body').waitFor({ timeout: timeoutMs });
  return pane;
}

/**
 * Collapses every other view of the side bar, so the one kept gets the room (for screenshots).
 */
export async function collapseOtherViews(page: Page, keepTitle: string): Promise<void> {
  const keep = exactly(keepTitle);
  const expanded = await page
    .locator('.part.sidebar .pane .pane-header[aria-expanded="true"] .title')
    .evaluateAll((els) => els.map((el) => (el.textContent ?? '').trim()));
  for (const title of expanded.filter((t) => !keep.test(t))) {
    const header = viewPane(page, title).locator('.pane-header');
    await header.click();
    await viewPane(page, title).locator('.pane-header[aria-expanded="false"]').waitFor();
  }
}

/**
 * Waits until the status bar no longer says "Activating Extensions…" (running a command fires
 * activation events, which shows it for a moment). Returns false if it is still there at the end.
 */
export async function waitForExtensionsActivated(page: Page, timeoutMs = 30_000): Promise<boolean> {
  try {
    await page
      .locator('.statusbar', { hasText: /Activating Extensions/ })
      .waitFor({ state: 'detached', timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** The title text of a view's header as the DOM holds it (CSS may show it in capitals). */
export async function viewTitle(pane: Locator): Promise<string> {
  return ((await pane.locator('.pane-header .title').first().textContent()) ?? '').trim();
}

/** The welcome content (viewsWelcome) a view shows while empty, one string per paragraph/button. */
export async function viewWelcomeText(pane: Locator, timeoutMs = 30_000): Promise<string[]> {
  const content = pane.locator('.welcome-view-content');
  await content.waitFor({ timeout: timeoutMs });
  return (await content.locator('p, .monaco-button').allInnerTexts()).map((t) => t.trim()).filter((t) => t.length > 0);
}

/**
 * The labels of the tree items a view renders right now, top to bottom (only the rows in sight:
 * the list is virtual). A snapshot: wait for an item first (waitForTreeItem) when data is loading.
 */
export async function treeItemLabels(pane: Locator): Promise<string[]> {
  return (await pane.locator('.monaco-list-row .label-name').allTextContents()).map((t) => t.trim());
}

/**
 * Waits until the view renders a tree item with this exact label, and returns its row. A tree
 * renders only the rows in view, so while the row is missing this scrolls the view through its
 * whole length (down to the end, then back up), as a user looking for it would.
 */
export async function waitForTreeItem(pane: Locator, label: string, timeoutMs = 30_000): Promise<Locator> {
  const row = treeItem(pane, label).first();
  const page = pane.page();
  const list = pane.locator('.monaco-list').first();
  const deadline = Date.now() + timeoutMs;
  let step = 66; // three rows
  for (;;) {
    if ((await row.count()) > 0) {
      await row.scrollIntoViewIfNeeded().catch(() => undefined);
      await row.waitFor({ timeout: Math.max(1_000, deadline - Date.now()) });
      return row;
    }
    if (Date.now() > deadline) {
      await row.waitFor({ timeout: 1 }); // throws playwright's own "waiting for locator" message
      return row;
    }
    const box = await list.boundingBox().catch(() => null);
    if (box !== null && box.height > 0) {
      const before = await firstRenderedIndex(pane);
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
      await page.mouse.wheel(0, step);
      await page.waitForTimeout(150);
      if ((await firstRenderedIndex(pane)) === before) step = -step; // at an end: go the other way
    } else {
      await page.waitForTimeout(200);
    }
  }
}

/** The smallest `data-index` among the rows a list has rendered (they are its visible window). */
async function firstRenderedIndex(pane: Locator): Promise<number> {
  const indexes = await pane
    .locator('.monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
  return indexes.length === 0 ? -1 : Math.min(...indexes);
}

/** One tree item's row, by its exact label. */
export function treeItem(pane: Locator, label: string): Locator {
  return pane
    .locator('.monaco-list-row')
    .filter({ has: pane.page().locator('.label-name', { hasText: exactly(label) }) });
}

/**
 * Runs a command from the command palette (F1) by its label as the palette shows it
 * ("Lease Lens: Refresh"), and waits for the palette to close.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  const deadline = Date.now() + timeoutMs;
  // An open palette does not list commands registered after it opened (an extension host still
  // starting): close it and ask again until the command shows up.
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: Math.max(1_000, deadline - Date.now()) });
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ timeout: Math.max(1_000, Math.min(5_000, deadline - Date.now())) });
      break;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() >= deadline) {
        const shown = await widget
          .locator('.monaco-list-row .label-name')
          .allTextContents()
          .catch(() => []);
        throw new Error(
          `the command palette has no command "${label}" (it shows ${JSON.stringify(shown)}): ${(err as Error).message.split('\n')[0]}`,
        );
      }
    }
  }
  await row.click();
  await widget.waitFor({ state: 'hidden', timeout: Math.max(1_000, deadline - Date.now()) });
}

/** Hovers over target and returns the text of the hover that opens. */
export async function readHover(page: Page, target: Locator, timeoutMs = 25_000): Promise<string> {
  // A hover still open from before would be read instead: move away and let it close first.
  const open = page.locator('.monaco-hover:not(.hidden)');
  if ((await open.count()) > 0) {
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
    await open
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
  }
  // A hover opens when the mouse arrives over the target: come from elsewhere each time, and try
  // again if it did not open (a mouse already resting there sends no move). Each try waits long
  // enough for a tree tooltip, which resolves the holder's pod (up to 4 s) before it shows:
  // moving away sooner cancels that and starts over.
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').last();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.mouse.move(0, 0);
    await target.hover();
    const left = deadline - Date.now();
    const shown = await hover.waitFor({ timeout: Math.max(1_000, Math.min(9_000, left)) }).then(
      () => true,
      () => false,
    );
    if (shown) return (await hover.innerText()).trim();
    if (Date.now() >= deadline) await hover.waitFor({ timeout: 1 }); // throws playwright's own message
  }
}

export type NotificationSeverity = 'error' | 'warning' | 'info';

/** Opens a workspace file with Quick Open and hovers `text` in it until the hover matches `expect`. */
export async function hoverInFile(
  page: Page,
  file: string,
  text: string,
  expect: RegExp | ((hover: string) => boolean),
): Promise<string> {
  const matches = typeof expect === 'function' ? expect : (hover: string) => expect.test(hover);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').fill(file);
  await page
    .locator('.quick-input-widget .monaco-list-row .label-name', { hasText: file })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  const target = page.locator('.monaco-editor .view-lines .view-line span', { hasText: text }).last();
  await target.waitFor({ timeout: 15_000 });
  let seen = '';
  // The live part arrives once the extension has the lock: ask again until it does, for 30 s.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    seen = await readHover(page, target, 10_000).catch(() => '');
    if (matches(seen)) return seen;
    await page.waitForTimeout(250);
  }
  throw new Error(
    `no hover matching ${String(expect)} on "${text}" in ${file} (last: ${JSON.stringify(seen.slice(0, 400))})`,
  );
}

export interface Notification {
  readonly severity: NotificationSeverity;
  readonly message: string;
}

/** The notification toasts shown now, with their severity (from the icon). */
export async function notifications(page: Page): Promise<Notification[]> {
  const items = page.locator('.notifications-toasts .notification-list-item');
  const result: Notification[] = [];
  for (const item of await items.all()) {
    const icon =
      (await item
        .locator('.notification-list-item-icon')
        .getAttribute('class')
        .catch(() => null)) ?? '';
    const severity: NotificationSeverity = icon.includes('codicon-error')
      ? 'error'
      : icon.includes('codicon-warning')
        ? 'warning'
        : 'info';
    const message = (
      (await item
        .locator('.notification-list-item-message')
        .textContent()
        .catch(() => null)) ?? ''
    ).trim();
    result.push({ severity, message });
  }
  return result;
}

/** Waits for a notification toast whose message matches, and returns it. */
export async function waitForNotification(
  page: Page,
  message: string | RegExp,
  timeoutMs = 30_000,
): Promise<Notification> {
  const item = page
    .locator('.notifications-toasts .notification-list-item')
    .filter({
      has: page.locator('.notification-list-item-message', { hasText: message }),
    })
    .first();
  await item.waitFor({ timeout: timeoutMs });
  const all = await notifications(page);
  const found = all.find((n) => (typeof message === 'string' ? n.message.includes(message) : message.test(n.message)));
  if (!found) throw new Error(`notification ${String(message)} disappeared before it could be read`);
  return found;
}

/** Closes every notification toast (Notifications: Clear All Notifications). */
export async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator('.notifications-toasts .notification-list-item').count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/**
 * The document inside the visible webview (the dashboard). VS Code nests it in two iframes: the
 * webview host, then the active content frame. Webviews of hidden editors stay in the page,
 * invisible: only the first visible one counts.
 */
export function webviewFrame(page: Page): FrameLocator {
  return page
    .locator('iframe.webview.ready:visible')
    .first()
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** Drags the side bar's edge so tree labels and descriptions fit (for reading and for screenshots). */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (box === null || box.width >= width) return;
  const x = box.x + box.width - 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width, y, { steps: 4 });
  await page.mouse.up();
}

/**
 * Answers the workbench's save dialog (in a remote window: the simple file dialog, a quick input
 * holding a path) with `path`, typed once the dialog has put its own suggestion in the box (text
 * typed earlier is overwritten by it). `title`: part of the dialog's title, to know it is open.
 */
export async function answerSaveDialog(page: Page, title: string, path: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  while ((await input.inputValue()) === '') {
    if (Date.now() > deadline) throw new Error(`the save dialog "${title}" suggested no file`);
    await page.waitForTimeout(100);
  }
  await input.fill(path);
  while ((await input.inputValue()) !== path) {
    if (Date.now() > deadline) throw new Error(`the save dialog "${title}" did not take the path ${path}`);
    await input.fill(path);
  }
  // The dialog lists the folder typed (busy meanwhile) and may rewrite the box: accept only once
  // it is idle with the path still in it. Its OK button: Enter is ignored while it is busy.
  const busy = widget.locator('.quick-input-progress:not(.done)');
  // Settled: idle with the path in the box for three looks in a row (a late listing rewrites it).
  for (let steady = 0; steady < 3;) {
    if (Date.now() > deadline) throw new Error(`the save dialog "${title}" did not settle on ${path}`);
    const idle = (await busy.count()) === 0;
    const kept = (await input.inputValue()) === path;
    if (!kept) await input.fill(path);
    steady = idle && kept ? steady + 1 : 0;
    await page.waitForTimeout(100);
  }
  const ok = widget.locator('.monaco-button', { hasText: /^OK$/ });
  while (await widget.isVisible()) {
    if (Date.now() > deadline) throw new Error(`the save dialog "${title}" did not accept ${path}`);
    if (await ok.isVisible()) await ok.click().catch(() => undefined);
    else await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  }
}

/**
 * The file a save dialog wrote: `target` when it exists; otherwise — VS Code's simple save dialog
 * can still settle back on its suggestion under load — the newest file in `suggestionFolder` whose
 * name matches `suggested`, written since `since` (epoch ms).
 */
export function savedFile(
  target: string,
  suggestionFolder: string,
  suggested: RegExp,
  since: number,
): string | undefined {
  if (existsSync(target)) return target;
  if (!existsSync(suggestionFolder)) return undefined;
  return readdirSync(suggestionFolder)
    .filter((f) => suggested.test(f))
    .map((f) => ({ path: join(suggestionFolder, f), at: statSync(join(suggestionFolder, f)).mtimeMs }))
    .filter((f) => f.at >= since)
    .sort((a, b) => b.at - a.at)[0]?.path;
}

/** Saves a PNG of the whole window as test-output/ui/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(repoRoot, 'test-output', 'ui', `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
  return path;
}
