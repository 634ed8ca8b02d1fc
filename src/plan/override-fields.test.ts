import { describe, expect, it } from 'vitest';
import { canonicalConcepts, canonicalOutputConfig, float32 } from './override-fields.js';

describe('float32', () => {
  it('is the shortest decimal that reads back as the same float32', () => {
    expect(float32(0.3)).toBe(0.3);
    expect(float32(Math.fround(0.3))).toBe(0.3);
    expect(float32(1)).toBe(1);
    expect(float32(0.1234567891)).toBe(0.12345679);
  });
});

describe('canonicalConcepts', () => {
  it('keeps id and value, sorted by id; a missing value is proto3 0', () => {
    expect(
      canonicalConcepts([
        { id: 'b', value: Math.fround(0.3), name: 'B', app_id: 'x' },
        { id: 'a' },
        { value: 1 },
      ]),
    ).toEqual([
      { id: 'a', value: 0 },
      { id: 'b', value: 0.3 },
    ]);
  });
});

describe('canonicalOutputConfig', () => {
  it('leaves out proto defaults a client reads back for unset fields', () => {
    expect(
      canonicalOutputConfig({
        concepts_mutually_exclusive: false,
        language: '',
        max_concepts: 5,
        min_value: Math.fround(0.3),
        select_concepts: [],
        hyper_params: {},
        model_metadata: { a: null },
      }),
    ).toEqual({ max_concepts: 5, min_value: 0.3, model_metadata: { a: null } });
    expect(canonicalOutputConfig(undefined)).toEqual({});
  });
});
