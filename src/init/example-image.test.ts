import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleImage, EXAMPLE_IMAGE_PATH } from './example-image.js';

describe('the example image init writes', () => {
  it('is byte for byte the repository example spec’s image', () => {
    const committed = readFileSync(new URL(`../../${EXAMPLE_IMAGE_PATH}`, import.meta.url));
    expect(Buffer.from(exampleImage()).equals(committed)).toBe(true);
  });
});
