/**
 * The one home of `host:port` endpoints and of the loopback test behind
 * `tls: auto` (plaintext only to this machine). Pure string work: the config
 * rules and the gRPC client both call it, so what validate accepts is what
 * the client dials.
 *
 * Loopback is exactly the contract's list: 127.0.0.0/8, ::1 (any spelling,
 * and IPv4-mapped ::ffff:127.x), and `localhost`. Not `*.localhost` and not
 * `localhost.`: those names go through DNS, which may answer anything.
 */
export interface Endpoint {
  /** Host as written, without brackets ("::1", "api.clarifai.com"). */
  host: string;
  port: number;
  /** The gRPC target string ("api.clarifai.com:443", "[::1]:50051"). */
  target: string;
}

export const DEFAULT_PORT = 443;

export interface ParseEndpointOptions {
  /**
   * Port for a bare host (`api.clarifai.com`, `::1`). Without it a port is
   * required, as the config demands (`host:port`).
   */
  defaultPort?: number;
}

/** Parses `host:port` or `[v6]:port` (and a bare host with `defaultPort`). undefined if unusable. */
export function parseEndpoint(
  endpoint: string,
  options: ParseEndpointOptions = {},
): Endpoint | undefined {
  const text = endpoint.trim();
  if (text === '' || /\s|\/|@/.test(text)) return undefined;
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] as string;
    portText = bracketed[2];
  } else if (text.includes('[') || text.includes(']')) {
    return undefined;
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = text; // a bare IPv6 address: no port can be told apart
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (portText !== undefined && !/^\d+$/.test(portText)) return undefined;
  }
  if (host === '') return undefined;
  if (portText === undefined && options.defaultPort === undefined) return undefined;
  const port = portText === undefined ? options.defaultPort : Number(portText);
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, target };
}

export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost') return true;
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
