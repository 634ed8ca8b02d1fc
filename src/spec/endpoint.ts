/**
 * `host:port` endpoints and the loopback test behind `tls: auto` (plaintext
 * only to this machine). Pure string work, shared with the client.
 */
export interface Endpoint {
  /** Without brackets for IPv6 (`::1`). */
  host: string;
  port: number;
}

export function parseEndpoint(endpoint: string): Endpoint | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:/[\]]+)):(\d{1,5})$/.exec(endpoint);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2]!, port };
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
