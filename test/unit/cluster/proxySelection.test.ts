import assert from 'node:assert/strict';
import { bypassReason, chooseProxy, describeRoute, type ProxyRoute } from '../../../src/cluster/proxySelection';

const route = (
  server: string,
  env: NodeJS.ProcessEnv,
  proxyUrl?: string,
  vscode?: { url: string; noProxy?: string[] },
) => chooseProxy(server, proxyUrl, { env, vscode: vscode && { url: vscode.url, noProxy: vscode.noProxy ?? [] } });

const via = (r: ProxyRoute): string => (r.kind === 'proxy' ? `${r.shown} ${r.source}` : r.kind);

describe('Which proxy a context uses (kubectl: proxy-url, then the environment; VS Code: http.proxy)', () => {
  it('proxy-url wins over everything, for every host, loopback included', () => {
    const r = route('https://127.0.0.1:6443', { HTTPS_PROXY: 'http://env:1' }, 'http://kube-proxy:3128', {
      url: 'http://vscode:8080',
    });
    assert.equal(via(r), 'http://kube-proxy:3128 proxy-url');
  });

  it("VS Code's http.proxy wins over HTTPS_PROXY, and http.noProxy replaces NO_PROXY when set", () => {
    assert.equal(
      via(route('https://api.example.com', { HTTPS_PROXY: 'http://env:1' }, undefined, { url: 'http://vs:8080' })),
      'http://vs:8080 http.proxy',
    );
    assert.equal(
      route('https://api.example.com', { NO_PROXY: 'example.com' }, undefined, { url: 'http://vs:8080' }).kind,
      'direct',
      'NO_PROXY applies when http.noProxy is empty',
    );
    assert.equal(
      via(
        route('https://api.example.com', { NO_PROXY: 'example.com' }, undefined, {
          url: 'http://vs:8080',
          noProxy: ['other.org'],
        }),
      ),
      'http://vs:8080 http.proxy',
    );
    assert.equal(route('https://localhost:6443', {}, undefined, { url: 'http://vs:8080' }).kind, 'direct');
  });

  it('HTTPS_PROXY for https servers, HTTP_PROXY for http ones; upper case first; no scheme means http://', () => {
    const table: [string, NodeJS.ProcessEnv, string][] = [
      ['https://api.example.com', { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' }, 'http://a:1 HTTPS_PROXY'],
      ['https://api.example.com', { https_proxy: 'http://b:2' }, 'http://b:2 https_proxy'],
      ['https://api.example.com', { HTTP_PROXY: 'http://c:3' }, 'direct'],
      ['http://api.example.com', { HTTP_PROXY: 'http://c:3', HTTPS_PROXY: 'http://a:1' }, 'http://c:3 HTTP_PROXY'],
      ['https://api.example.com', { HTTPS_PROXY: 'proxy.corp:3128' }, 'http://proxy.corp:3128 HTTPS_PROXY'],
      ['https://api.example.com', { HTTPS_PROXY: 'socks5://s:1080' }, 'socks5://s:1080 HTTPS_PROXY'],
      ['https://api.example.com', { HTTPS_PROXY: 'https://secure:443' }, 'https://secure HTTPS_PROXY'],
      ['https://api.example.com', {}, 'direct'],
      ['https://api.example.com', { HTTPS_PROXY: '' }, 'direct'],
    ];
    for (const [server, env, expected] of table)
      assert.equal(via(route(server, env)), expected, `${server} ${JSON.stringify(env)}`);
  });

  it('never proxies localhost or loopback addresses through the environment (Go httpproxy)', () => {
    for (const server of [
      'https://localhost:6443',
      'https://127.0.0.1:6443',
      'https://127.5.6.7',
      'https://[::1]:6443',
      'https://[::ffff:127.0.0.1]:6443',
    ])
      assert.equal(route(server, { HTTPS_PROXY: 'http://p:1' }).kind, 'direct', server);
    // A name that resolves to loopback is still proxied: Go looks at the name, not the address.
    assert.equal(route('https://vm:6443', { HTTPS_PROXY: 'http://p:1' }).kind, 'proxy');
  });

  it('NO_PROXY: domains match themselves and subdomains, .domain only subdomains, *., ports, IPs, CIDRs, *', () => {
    const table: [string, string, boolean][] = [
      // [server, NO_PROXY, bypassed]
      ['https://example.com', 'example.com', true],
      ['https://api.example.com', 'example.com', true],
      ['https://notexample.com', 'example.com', false],
      ['https://example.com', '.example.com', false],
      ['https://api.example.com', '.example.com', true],
      ['https://api.example.com', '*.example.com', true],
      ['https://API.Example.COM', 'example.com', true],
      ['https://api.example.com:6443', 'example.com:6443', true],
      ['https://api.example.com:6443', 'example.com:443', false],
      ['https://api.example.com', 'example.com:443', true],
      ['https://10.1.2.3:6443', '10.1.2.3', true],
      ['https://10.1.2.3:6443', '10.1.2.3:6443', true],
      ['https://10.1.2.3:6443', '10.1.2.3:443', false],
      ['https://10.1.2.3', '10.0.0.0/8', true],
      ['https://11.1.2.3', '10.0.0.0/8', false],
      ['https://[2001:db8::1]:6443', '2001:db8::/32', true],
      ['https://[2001:db8::1]:6443', '[2001:db8::1]:6443', true],
      ['https://api.example.com', ' other.org , example.com ', true],
      ['https://api.example.com', '*', true],
      ['https://api.example.com', '', false],
      ['https://api.example.com', ':443', false],
      ['https://10.1.2.3', 'example.com', false],
    ];
    for (const [server, noProxy, bypassed] of table)
      assert.equal(
        bypassReason(new URL(server), noProxy) !== undefined,
        bypassed,
        `${server} with NO_PROXY=${noProxy}`,
      );
  });

  it('says which proxy is used and why, without the password', () => {
    const r = route('https://api.example.com', { HTTPS_PROXY: 'http://user:s3cret@proxy.corp:3128' });
    assert.equal(describeRoute(r), 'through the proxy http://proxy.corp:3128 (the HTTPS_PROXY environment variable)');
    assert.ok(!describeRoute(r).includes('s3cret'));
    assert.equal(
      describeRoute(route('https://api.example.com', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com' })),
      'directly (NO_PROXY names example.com)',
    );
    assert.equal(describeRoute(route('https://api.example.com', {})), 'directly (no proxy is configured)');
    assert.equal(
      describeRoute(route('https://127.0.0.1', { HTTPS_PROXY: 'http://p:1' })),
      'directly (127.0.0.1 is a loopback address, never proxied)',
    );
  });

  it('an unsupported proxy scheme is named, not ignored', () => {
    const r = route('https://api.example.com', {}, 'ftp://p:21');
    assert.equal(r.kind, 'invalid');
    assert.match(describeRoute(r), /ftp:\/\/, which is not supported/);
  });
});
