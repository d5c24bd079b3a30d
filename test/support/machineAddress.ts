import { lookup } from 'node:dns/promises';
import { hostname, networkInterfaces } from 'node:os';

/**
 * A name for this machine that is neither `localhost` nor a loopback address: kubectl (Go's
 * httpproxy) never sends those through HTTPS_PROXY, so a test of HTTPS_PROXY / NO_PROXY / VS Code's
 * http.proxy must name the API server otherwise (a TcpRelay listening on 0.0.0.0 forwards it).
 * The host name when it resolves (the proxy resolves it too), else the first external IPv4 address.
 */
export async function machineAddress(): Promise<string> {
  const name = hostname();
  try {
    await lookup(name);
    if (name !== 'localhost') return name;
  } catch {
    // Not resolvable here: use an address.
  }
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this machine has neither a resolvable host name nor an external IPv4 address');
}
