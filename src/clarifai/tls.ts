/**
 * The contract's `tls` rule, pure: `auto` means plaintext to a loopback host
 * (127.0.0.0/8, ::1, localhost) and TLS anywhere else; `true` forces TLS;
 * `false` to a non-loopback host is allowed but warned about every time,
 * because the key would cross the network in the clear.
 */

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
