/**
 * The contract's `tls` rule, pure: `auto` means plaintext to a loopback host
 * (127.0.0.0/8, ::1, localhost) and TLS anywhere else; `true` forces TLS;
 * `false` to a non-loopback host is allowed but warned about every time,
 * because the key would cross the network in the clear.
 */

export interface Endpoint {
  /** Host as written, without brackets ("::1", "api.clarifai.com"). */
  host: string;
  port: number;
  /** The gRPC target string ("api.clarifai.com:443", "[::1]:50051"). */
  target: string;
}

export const DEFAULT_PORT = 443;

/** Parses `host:port`, `[v6]:port`, or a bare host (port 443). null if unusable. */
export function parseEndpoint(endpoint: string): Endpoint | null {
  const text = endpoint.trim();
  if (text === '' || /\s|\/|@/.test(text)) return null;
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] as string;
    portText = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = text; // a bare IPv6 address: no port can be told apart
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (portText !== undefined && !/^\d+$/.test(portText)) return null;
  }
  if (host === '') return null;
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, target };
}

export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) {
    const octets = h.split('.').map(Number);
    return octets.every((o) => o <= 255) && octets[0] === 127;
  }
  if (h.includes(':')) return isLoopbackIPv6(h);
  return false;
}

/** ::1 in any spelling, and IPv4-mapped 127.x (::ffff:127.0.0.1). */
function isLoopbackIPv6(h: string): boolean {
  const groups = expandIPv6(h);
  if (!groups) return false;
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return true;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  return mapped && (groups[6] ?? 0) >> 8 === 127;
}

function expandIPv6(h: string): number[] | null {
  let text = h;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes two hex groups.
  const v4 = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(2).map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((o) => o > 255)) return null;
    text = `${v4[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0] as string);
  const tail = halves.length === 2 ? parse(halves[1] as string) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}

export interface TransportChoice {
  secure: boolean;
  /** Printed by the caller every time, when set. */
  warning?: string;
}

export function chooseTransport(
  endpoint: Endpoint,
  tls: 'auto' | boolean,
  environmentName?: string,
): TransportChoice {
  const loopback = isLoopbackHost(endpoint.host);
  if (tls === true) return { secure: true };
  if (tls === 'auto') return { secure: !loopback };
  if (loopback) return { secure: false };
  const env = environmentName ? `environment "${environmentName}": ` : '';
  return {
    secure: false,
    warning:
      `${env}tls: false — connecting to ${endpoint.target} without TLS; ` +
      'the API key and every workflow travel unencrypted',
  };
}
