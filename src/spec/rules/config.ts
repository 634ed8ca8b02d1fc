/**
 * Rules of vtr-wf.yaml beyond its schema: overrides name catalog aliases,
 * endpoints are host:port, and plaintext to a remote host is flagged.
 */
import type { UnplacedDiagnostic } from '../../diagnostic.js';
import { isLoopbackHost, parseEndpoint } from '../endpoint.js';
import { pointerOf } from '../../json-pointer.js';
import { didYouMean } from '../suggest.js';
import type { Config } from '../types.js';

export function checkConfig(config: Config, configFile: string): UnplacedDiagnostic[] {
  const diagnostics: UnplacedDiagnostic[] = [];
  const at = (
    code: string,
    severity: 'error' | 'warning',
    message: string,
    pointer: string,
    suggestion?: string,
  ) =>
    diagnostics.push({
      code,
      severity,
      message,
      file: configFile,
      pointer,
      document: 0,
      ...(suggestion ? { suggestion } : {}),
    });
  const aliases = Object.keys(config.models);
  for (const [name, env] of Object.entries(config.environments)) {
    for (const alias of Object.keys(env.models)) {
      if (Object.hasOwn(config.models, alias)) continue;
      at(
        'unknown-override',
        'error',
        `environment \`${name}\` overrides model \`${alias}\`, which is not in the catalog`,
        pointerOf(['environments', name, 'models', alias]),
        didYouMean(alias, aliases) ??
          `add \`${alias}\` to \`models:\` first; an override only changes a catalog entry`,
      );
    }
    if (env.kind !== 'remote') continue;
    const endpoint = parseEndpoint(env.endpoint);
    if (!endpoint) {
      const bare = env.endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
      at(
        'invalid-endpoint',
        'error',
        `endpoint \`${env.endpoint}\` of environment \`${name}\` is not host:port`,
        pointerOf(['environments', name, 'endpoint']),
        parseEndpoint(bare)
          ? `write \`${bare}\``
          : // No port: the API's is 443 (TLS); a scheme other than https says nothing better.
            !/^http:/i.test(env.endpoint) && parseEndpoint(`${bare}:443`)
            ? `write \`${bare}:443\``
            : 'for example: api.clarifai.com:443',
      );
    } else if (env.tls === false && !isLoopbackHost(endpoint.host)) {
      at(
        'insecure-tls',
        'warning',
        `environment \`${name}\` sends its key in plaintext to ${endpoint.host} (tls: false)`,
        pointerOf(['environments', name, 'tls']),
        'remove `tls: false` unless the endpoint is a trusted plaintext proxy',
      );
    }
  }
  return diagnostics;
}
