import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('inputs', 'inputs')).toBe(0);
    expect(editDistance('inptus', 'inputs')).toBe(1);
    expect(editDistance('input', 'inputs')).toBe(1);
    expect(editDistance('modle', 'model')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('bounds the work on very long strings', () => {
    expect(editDistance('a'.repeat(5000), 'b')).toBe(5000);
  });
});

describe('nearest', () => {
  it("suggests detect-concept for the docs' general-concept", () => {
    expect(didYouMean('general-concept', ['detect-concept', 'image-to-text'])).toBe(
      'did you mean `detect-concept`?',
    );
  });

  it('suggests typos', () => {
    expect(nearest('text-detectr', ['text-detector', 'cropper', 'text-recognizer'])).toBe(
      'text-detector',
    );
    expect(nearest('enviroments', ['project', 'workflows', 'models', 'environments'])).toBe(
      'environments',
    );
  });

  it('suggests nothing unrelated', () => {
    expect(nearest('ocr-engine', ['text-detector', 'cropper', 'text-recognizer'])).toBeUndefined();
    expect(nearest('zzz', ['id', 'model'])).toBeUndefined();
    expect(nearest('x', [])).toBeUndefined();
  });

  it('never suggests the word itself', () => {
    expect(nearest('a', ['a'])).toBeUndefined();
  });
});
