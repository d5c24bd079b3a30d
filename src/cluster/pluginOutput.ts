// What a credential plugin said, made fit to show: pure text functions, unit-tested.

const MAX_LINE = 300;

/**
 * The first line of a plugin's stderr that says something, without the log decoration around it,
 * so that the status reads "aws says: Token has expired and refresh failed" and does not change
 * on every retry because a timestamp changed. Handles Go's log and klog prefixes, logrus'
 * `time=… level=… msg="…"`, bracketed and ISO timestamps, level words and ANSI colours.
 */
export function firstMeaningfulLine(stderr: string): string {
  for (const raw of stderr.split(/\r?\n/)) {
    const line = innermostError(stripDecoration(raw));
    if (line === '' || /^[-=*#_~.\s]+$/.test(line)) continue;
    return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
  }
  return '';
}

const LEVELS = 'error|err|fatal|warning|warn|info|debug|trace';
/** "error:", "[error]", "ERROR -", or a bare "ERROR" in capitals ("Error when…" is a sentence). */
const LEVEL_PREFIX = new RegExp(`^(?:\\[(?:${LEVELS})\\]|(?:${LEVELS})(?::|\\s+-))\\s*`, 'i');
const BARE_LEVEL = new RegExp(`^(?:${LEVELS.toUpperCase()})\\b\\s*`);

/**
 * Plugins wrap the error of the tool they call ("print credential failed with error: … failure
 * while executing gcloud … (err: ERROR: (gcloud.config.config-helper) You do not currently have an
 * active account selected."): the innermost error is the cause the user can act on.
 */
function innermostError(line: string): string {
  const marks = [...line.matchAll(/\b(?:ERROR|Error|error):\s+/g)];
  const last = marks.at(-1);
  if (!last || last.index === 0) return line;
  const inner = line.slice(last.index + last[0].length).trim();
  // A parenthesis the wrapper opened before the inner error is not part of it.
  const opened =
    (line.slice(0, last.index).match(/\(/g) ?? []).length - (line.slice(0, last.index).match(/\)/g) ?? []).length;
  const balanced = opened > 0 && inner.endsWith(')') && !/\([^)]*\)$/.test(inner) ? inner.slice(0, -1) : inner;
  return balanced.length >= 10 ? balanced : line;
}

/** A command the plugin tells the user to run ("Please run:\n\n  $ gcloud auth login"), if any. */
export function suggestedCommand(stderr: string): string | undefined {
  const m = /^\s*\$\s+(\S.{0,200})$/m.exec(stderr);
  return m ? m[1]!.trim() : undefined;
}

function stripDecoration(raw: string): string {
  // eslint-disable-next-line no-control-regex
  let line = raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trim();
  const logrus = /(?:^|\s)msg=("(?:[^"\\]|\\.)*"|\S+)/.exec(line);
  if (logrus && /(?:^|\s)(?:time|level)=/.test(line)) {
    const msg = logrus[1]!;
    line = msg.startsWith('"') ? msg.slice(1, -1).replace(/\\"/g, '"') : msg;
  }
  for (let i = 0; i < 4; i++) {
    const before = line;
    line = line
      // klog: E0102 15:04:05.123456   12345 file.go:12]
      .replace(/^[IWEF]\d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?\s+\d+\s+\S+:\d+\]\s*/, '')
      // [2024-01-02 15:04:05], [15:04:05.123]
      .replace(/^\[[\d\-/:.T ,+Z]+\]\s*/, '')
      // 2024-01-02T15:04:05.000Z, 2024/01/02 15:04:05, 2024-01-02 15:04:05,123
      .replace(/^\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*/, '')
      // 15:04:05
      .replace(/^\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\s+/, '')
      .replace(LEVEL_PREFIX, '')
      .replace(BARE_LEVEL, '')
      .trim();
    if (line === before) break;
  }
  return line;
}

const SECRET_FLAG = /(secret|password|passwd|token|key|credential|assertion)/i;

/**
 * The plugin's command line as it may be shown: arguments quoted where the shell would need it,
 * and the value of any flag that looks secret (`--client-secret X`, `--password=X`) hidden.
 */
export function shownCommandLine(command: string, args: readonly string[]): string {
  const out: string[] = [shellWord(command)];
  let hideNext = false;
  for (const arg of args) {
    if (hideNext && !arg.startsWith('-')) {
      out.push('•••');
      hideNext = false;
      continue;
    }
    hideNext = false;
    const eq = /^(--?[A-Za-z0-9][\w-]*)=(.*)$/.exec(arg);
    if (eq && SECRET_FLAG.test(eq[1]!)) {
      out.push(`${eq[1]}=•••`);
      continue;
    }
    if (/^--?[A-Za-z]/.test(arg) && SECRET_FLAG.test(arg) && !/^--?(?:use|no|with)-/.test(arg)) hideNext = true;
    out.push(shellWord(arg));
  }
  return out.join(' ');
}

function shellWord(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
