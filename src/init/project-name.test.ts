import { describe, expect, it } from 'vitest';
import { isValidProjectName, MAX_PROJECT_NAME_LENGTH, projectNameFromDir } from './project-name.js';

describe('projectNameFromDir', () => {
  it.each([
    ['acme-ocr', 'acme-ocr'],
    ['My OCR Project!', 'my-ocr-project'],
    ['  __weird__..name  ', 'weird-name'],
    ['Café Crème', 'cafe-creme'],
    ['ocr_v2', 'ocr-v2'],
    ['日本語', 'default'],
    ['---', 'default'],
    ['', 'default'],
  ])('%j → %j', (dir, name) => {
    expect(projectNameFromDir(dir)).toBe(name);
  });

  it('cuts long names at a word boundary, within the limit', () => {
    const name = projectNameFromDir(
      'the visual text recognition workflows of the acme corporation',
    );
    expect(name).toBe('the-visual-text-recognition');
    expect(name.length).toBeLessThanOrEqual(MAX_PROJECT_NAME_LENGTH);
  });

  it('cuts a single overlong word', () => {
    expect(projectNameFromDir('x'.repeat(100))).toBe('x'.repeat(MAX_PROJECT_NAME_LENGTH));
  });

  it('always yields a valid project name', () => {
    for (const dir of ['a b', 'A--B', '9lives', 'x'.repeat(60), '-a-', 'ü']) {
      expect(isValidProjectName(projectNameFromDir(dir))).toBe(true);
    }
  });
});

describe('isValidProjectName', () => {
  it('rejects what would break a lease id', () => {
    expect(isValidProjectName('acme/ocr')).toBe(false);
    expect(isValidProjectName('-acme')).toBe(false);
    expect(isValidProjectName('a'.repeat(MAX_PROJECT_NAME_LENGTH + 1))).toBe(false);
    expect(isValidProjectName('Acme_OCR-2')).toBe(true);
  });
});
