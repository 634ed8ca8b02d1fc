/**
 * A status code's name, so errors read "WORKFLOW_INVALID_GRAPH 22107" rather
 * than a bare number; a code the generated table lacks reads STATUS_<code>.
 * In the core, so renderers name codes without importing the client.
 */
import { STATUS_CODE_NAMES } from './generated/status-codes.js';

export function statusCodeName(code: number): string {
  return STATUS_CODE_NAMES[code] ?? `STATUS_${code}`;
}
