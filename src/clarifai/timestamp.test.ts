import { describe, expect, it } from 'vitest';
import { rfc3339ToTimestamp, timestampToRfc3339, TimestampError } from './timestamp.js';

describe('Timestamp ⇄ RFC 3339', () => {
  it('formats UTC with 0, 3, 6 or 9 fraction digits', () => {
    expect(timestampToRfc3339({ seconds: '0', nanos: 0 })).toBe('1970-01-01T00:00:00Z');
    expect(timestampToRfc3339({ seconds: '1700000000', nanos: 5_000_000 })).toBe(
      '2023-11-14T22:13:20.005Z',
    );
    expect(timestampToRfc3339({ seconds: 1700000000, nanos: 123_456_000 })).toBe(
      '2023-11-14T22:13:20.123456Z',
    );
    expect(timestampToRfc3339({ seconds: '1700000000', nanos: 1 })).toBe(
      '2023-11-14T22:13:20.000000001Z',
    );
  });

  it('parses back exactly, nanoseconds included', () => {
    for (const ts of [
      { seconds: 0, nanos: 0 },
      { seconds: 1700000000, nanos: 1 },
      { seconds: 1700000000, nanos: 999_999_999 },
      { seconds: -1, nanos: 500_000_000 },
    ]) {
      expect(rfc3339ToTimestamp(timestampToRfc3339(ts))).toEqual(ts);
    }
  });

  it('applies offsets', () => {
    expect(rfc3339ToTimestamp('2023-11-14T23:13:20+01:00')).toEqual({
      seconds: 1700000000,
      nanos: 0,
    });
    expect(rfc3339ToTimestamp('2023-11-14T21:43:20.5-00:30')).toEqual({
      seconds: 1700000000,
      nanos: 500_000_000,
    });
  });

  it('rejects what is not a timestamp', () => {
    expect(() => rfc3339ToTimestamp('yesterday')).toThrow(TimestampError);
    expect(() => rfc3339ToTimestamp('2024-02-30T00:00:00Z')).toThrow(/not a valid date/);
    expect(() => timestampToRfc3339({ seconds: '0', nanos: 1e9 })).toThrow(TimestampError);
  });
});
