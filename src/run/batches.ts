/**
 * Splitting PostWorkflowResults inputs into calls: at most 32 inputs a call
 * (the API's limit for workflows) and, summed, under the message size limit.
 * Pure; order is kept, so results come back in the order inputs were given.
 */

/** The API runs at most this many inputs through a workflow in one call. */
export const MAX_INPUTS_PER_CALL = 32;
/**
 * Bytes of image data a call may carry: under the API's 128 MB batch limit
 * and the emulator's 64 MiB message limit, with room for the envelope.
 */
export const MAX_REQUEST_BYTES = 60 * 1024 * 1024;
/** What one input costs besides its bytes (ids, tags, lengths). */
const PER_INPUT_OVERHEAD = 256;

export function splitIntoBatches<T>(
  items: readonly T[],
  bytesOf: (item: T) => number,
  limits: { maxItems?: number; maxBytes?: number } = {},
): T[][] {
  const maxItems = limits.maxItems ?? MAX_INPUTS_PER_CALL;
  const maxBytes = limits.maxBytes ?? MAX_REQUEST_BYTES;
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item) + PER_INPUT_OVERHEAD;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    // One input over the byte limit still goes alone: the 20 MB image limit keeps it far below.
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
