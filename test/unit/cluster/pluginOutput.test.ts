import assert from 'node:assert/strict';
import { firstMeaningfulLine, shownCommandLine, suggestedCommand } from '../../../src/cluster/pluginOutput';

describe("What a credential plugin said, made fit for the context's status", () => {
  it('takes the first line that says something, without timestamps, log prefixes or colours', () => {
    const table: [string, string][] = [
      [
        '\nError when retrieving token from sso: Token has expired and refresh failed\n',
        'Error when retrieving token from sso: Token has expired and refresh failed',
      ],
      ['2024-05-06T07:08:09.123Z error: token expired\nmore\n', 'token expired'],
      ['2024/05/06 07:08:09 failed to get token: AADSTS700082\n', 'failed to get token: AADSTS700082'],
      ['E0506 07:08:09.123456   12345 get_token.go:42] reauthentication required\n', 'reauthentication required'],
      [
        'time="2024-05-06T07:08:09Z" level=error msg="sso session expired, run aws sso login"\n',
        'sso session expired, run aws sso login',
      ],
      ['[2024-05-06 07:08:09] ERROR: Please run az login\n', 'Please run az login'],
      ['\u001b[31mERROR:\u001b[0m (gcloud.auth) Reauthentication failed.\n', '(gcloud.auth) Reauthentication failed.'],
      ['-----\n\n   \n=====\nreal message\n', 'real message'],
      ['', ''],
    ];
    for (const [stderr, expected] of table) assert.equal(firstMeaningfulLine(stderr), expected, JSON.stringify(stderr));
  });

  it('keeps the innermost error of a wrapped one, and finds the command the plugin says to run', () => {
    // What gke-gcloud-auth-plugin 0.5 printed on this machine without a gcloud account.
    const gke = [
      'F1202 14:10:12.472570     747 cred.go:145] print credential failed with error: Failed to retrieve access token:: failure while executing gcloud, with args [config config-helper --format=json]: exit status 1 (err: ERROR: (gcloud.config.config-helper) You do not currently have an active account selected.',
      'Please run:',
      '',
      '  $ gcloud auth login',
      '',
      'to obtain new credentials.',
      ')',
    ].join('\n');
    assert.equal(
      firstMeaningfulLine(gke),
      '(gcloud.config.config-helper) You do not currently have an active account selected.',
    );
    assert.equal(suggestedCommand(gke), 'gcloud auth login');
    assert.equal(
      firstMeaningfulLine('failed to get token: error: AADSTS70043: The refresh token has expired (x)\n'),
      'AADSTS70043: The refresh token has expired (x)',
    );
    assert.equal(suggestedCommand('Token has expired\n'), undefined);
  });

  it('gives the same line on every run when only the timestamp changes (no status flapping)', () => {
    const a = firstMeaningfulLine('2024-05-06T07:08:09.123Z ERROR token expired\n');
    const b = firstMeaningfulLine('2024-05-06T07:09:19.987Z ERROR token expired\n');
    assert.equal(a, b);
  });

  it('cuts a very long line', () => {
    const line = firstMeaningfulLine('x'.repeat(1000));
    assert.equal(line.length, 300);
    assert.ok(line.endsWith('…'));
  });

  it('shows the command line with secret-looking values hidden and words quoted for a shell', () => {
    assert.equal(
      shownCommandLine('kubelogin', ['get-token', '--login', 'devicecode', '--server-id', 'abc']),
      'kubelogin get-token --login devicecode --server-id abc',
    );
    assert.equal(
      shownCommandLine('kubelogin', [
        'get-token',
        '--client-secret',
        'hunter2',
        '--password=pw',
        '--token-cache-dir',
        '/t',
      ]),
      'kubelogin get-token --client-secret ••• --password=••• --token-cache-dir •••',
    );
    assert.equal(shownCommandLine('/opt/my tools/plugin', ["it's"]), `'/opt/my tools/plugin' 'it'\\''s'`);
    assert.equal(
      shownCommandLine('aws', ['--token-only', '--region', 'eu-west-1']),
      'aws --token-only --region eu-west-1',
    );
  });
});
