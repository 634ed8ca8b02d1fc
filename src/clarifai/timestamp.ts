/**
 * google.protobuf.Timestamp ⇄ RFC 3339 strings, to the nanosecond (a JS Date
 * keeps milliseconds only, so the fraction is carried as digits, not via Date).
 * Output follows the protobuf JSON mapping: UTC, "Z", 0/3/6/9 fraction digits.
 */
import { UserError } from '../user-error.js';

export interface WireTimestamp {
  /** int64; proto-loader's `longs: String` gives a string. */
  seconds: string | number;
  nanos: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

export class TimestampError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

export function timestampToRfc3339(ts: WireTimestamp): string {
  const seconds = Number(ts.seconds);
  const nanos = ts.nanos ?? 0;
  if (
    !Number.isSafeInteger(seconds) ||
    !Number.isInteger(nanos) ||
    nanos < 0 ||
    nanos > 999_999_999
  ) {
    throw new TimestampError(
      `invalid timestamp {seconds: ${String(ts.seconds)}, nanos: ${String(ts.nanos)}}`,
    );
  }
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}${rfc3339Fraction(nanos)}`;
}

export function rfc3339ToTimestamp(text: string): WireTimestamp {
  const m = RFC3339.exec(text);
  if (!m) throw new TimestampError(`not an RFC 3339 timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const utcMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utcMs);
  // Date.UTC rolls 2024-02-30 over to March; a timestamp like that is a typo, not a date.
  if (
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    Number(s) > 59
  ) {
    throw new TimestampError(`not a valid date: ${JSON.stringify(text)}`);
  }
  let seconds = utcMs / 1000;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    seconds -= sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return { seconds, nanos: Number(frac.padEnd(9, '0')) };
}

/** `.123Z`, `.123456Z`, `.123456789Z` or `Z`: what follows the seconds. nanos in 0 … 999,999,999. */
export function rfc3339Fraction(nanos: number): string {
  return `${fraction(nanos)}Z`;
}

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  if (digits.endsWith('000000')) return `.${digits.slice(0, 3)}`;
  if (digits.endsWith('000')) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}
