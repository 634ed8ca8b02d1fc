/** The API's limits on one image input (docs.clarifai.com, "Upload Limits"). */
/** An image must be under 20 MB (taken as MiB: 20 × 1024 × 1024 bytes). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** …and at most 85 megapixels. */
export const MAX_IMAGE_PIXELS = 85_000_000;

export function formatSize(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  if (Number.isInteger(mib)) return `${mib} MiB`;
  return mib >= 1 ? `${mib.toFixed(2)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
