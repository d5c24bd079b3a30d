// Colours come from VS Code's theme variables, read when drawing, so the charts match light, dark
// and high-contrast themes. VS Code switches theme by changing the body class (vscode-light,
// vscode-dark, vscode-high-contrast, vscode-high-contrast-light) and the variables on <html>.

export interface ThemeColors {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly red: string;
  readonly green: string;
  readonly yellow: string;
  readonly blue: string;
  readonly orange: string;
  readonly purple: string;
  readonly fontFamily: string;
  readonly highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readTheme(): ThemeColors {
  const style = getComputedStyle(document.body);
  const classes = document.body.classList;
  const dark = classes.contains('vscode-dark') || classes.contains('vscode-high-contrast');
  const foreground = cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#3b3b3b');
  return {
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    grid: cssVar(
      style,
      '--vscode-editorWidget-border',
      cssVar(style, '--vscode-panel-border', dark ? '#454545' : '#d4d4d4'),
    ),
    background: cssVar(style, '--vscode-editor-background', dark ? '#1f1f1f' : '#ffffff'),
    red: cssVar(style, '--vscode-charts-red', '#f14c4c'),
    green: cssVar(style, '--vscode-charts-green', '#89d185'),
    yellow: cssVar(style, '--vscode-charts-yellow', '#cca700'),
    blue: cssVar(style, '--vscode-charts-blue', '#3794ff'),
    orange: cssVar(style, '--vscode-charts-orange', '#d18616'),
    purple: cssVar(style, '--vscode-charts-purple', '#b180d7'),
    fontFamily: cssVar(style, '--vscode-font-family', 'sans-serif'),
    highContrast: classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light'),
  };
}

/** Calls `listener` (once per frame at most) whenever the theme may have changed. */
export function onThemeChange(listener: () => void): { dispose(): void } {
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      listener();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return { dispose: () => observer.disconnect() };
}
