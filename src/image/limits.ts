/** The API's limits on one image input (docs.clarifai.com, "Upload Limits"). */
/** An image must be under 20 MB — decimal megabytes, as the contract and Clarifai's docs write it. */
export const MAX_IMAGE_BYTES = 20_000_000;
/** …and at most 85 megapixels. */
export const MAX_IMAGE_PIXELS = 85_000_000;

/** Sizes in the units the limit is stated in: decimal MB (kB below one MB). */
export function formatSize(bytes: number): string {
  const mb = bytes / 1_000_000;
  if (Number.isInteger(mb)) return `${mb} MB`;
  return mb >= 1 ? `${mb.toFixed(2)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}
