/**
 * The contract's `tls` rule, pure: `auto` means plaintext to a loopback host
 * (127.0.0.0/8, ::1, localhost) and TLS anywhere else; `true` forces TLS;
 * `false` to a non-loopback host is allowed but warned about every time,
 * because the key would cross the network in the clear.
 */

import { isIP } from 'node:net';
import type { Endpoint } from '../spec/endpoint.js';
import { isLoopbackHost } from '../spec/endpoint.js';

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

/**
 * grpc-js sets the TLS server name to the target's host even when that is an
 * IP address, which RFC 6066 forbids and Node answers with a DEP0123 warning
 * on stderr. Dropping it for an IP changes nothing else: Node then checks the
 * certificate against the host (the IP), exactly as before. If grpc-js's
 * internals differ from what this expects, the credentials are left alone.
 */
export function withoutIpServerName<C extends object>(credentials: C): C {
  const c = credentials as unknown as {
    _createSecureConnector?: (...args: unknown[]) => unknown;
  };
  const original = c._createSecureConnector;
  if (typeof original !== 'function') return credentials;
  c._createSecureConnector = function (this: unknown, ...args: unknown[]) {
    const connector = original.apply(this, args) as {
      connectionOptions?: { servername?: unknown };
    };
    const options = connector?.connectionOptions;
    if (options && typeof options.servername === 'string' && isIP(options.servername) !== 0) {
      delete options.servername;
    }
    return connector;
  };
  return credentials;
}
