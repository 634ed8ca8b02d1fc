/**
 * Distinct hex strings without asking the system for randomness each time
 * (a call per file or per write cost a 1000-workflow apply ~60 ms): a random
 * start drawn once, then a counter — unique within the process for 2^48
 * strings. Wider strings carry a random prefix drawn once too.
 */
import { randomBytes } from 'node:crypto';

const COUNTER_DIGITS = 12;
const COUNTER_SPACE = 2 ** 48;

/** A source of distinct lowercase hex strings of `digits` (≥ 12, even) characters. */
export function uniqueHex(digits: number): () => string {
  if (digits < COUNTER_DIGITS || digits % 2 !== 0) throw new Error(`uniqueHex: ${digits} digits`);
  let prefix: string | undefined;
  let start = 0;
  let serial = 0;
  return () => {
    if (prefix === undefined) {
      // Drawn on first use: a module that never makes a string never asks for randomness.
      const random = randomBytes((digits - COUNTER_DIGITS) / 2 + 6);
      prefix = random.subarray(6).toString('hex');
      start = random.readUIntBE(0, 6);
    }
    serial = (serial + 1) % COUNTER_SPACE;
    const counter = ((start + serial) % COUNTER_SPACE).toString(16).padStart(COUNTER_DIGITS, '0');
    return prefix + counter;
  };
}
