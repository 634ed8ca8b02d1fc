/**
 * The local text reader's shapes. Plain data only: the emulator's graph
 * execution (and the bench) code against these, never against onnxruntime.
 */

/** A box normalised to 0–1 of the image's size, like Clarifai's BoundingBox. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A decoded image: 8-bit RGB, row-major, `width × height × 3` bytes. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

/** One text region (a line or a word) found by the detector. */
export interface DetectedRegion {
  box: Box;
  confidence: number;
}

/** The text of one line and the recogniser's confidence in it (0–1). */
export interface ReadLine {
  text: string;
  confidence: number;
}

export interface TextReader {
  /** Text regions (lines/words) of the image, in no particular order. */
  detect(image: DecodedImage): Promise<DetectedRegion[]>;
  /** Reads one line: the box's crop, or the whole image when no box is given. */
  recognize(image: DecodedImage, box?: Box): Promise<ReadLine>;
}
