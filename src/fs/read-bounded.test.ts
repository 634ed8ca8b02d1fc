import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_KINDS, type FileKind } from './file-kinds.js';
import { FileReadError, readBounded, readBoundedOrThrow } from './read-bounded.js';
import { readText } from '../spec/read-text.js';

const dir = mkdtempSync(join(tmpdir(), 'vtr-wf-read-bounded-'));

function fifo(name: string): string | undefined {
  const path = join(dir, name);
  try {
    execFileSync('mkfifo', [path]);
    return path;
  } catch {
    return undefined; // no mkfifo(1) on this platform
  }
}

describe('readBounded', () => {
  it('reads a regular file under its cap', () => {
    const file = join(dir, 'ok.txt');
    writeFileSync(file, 'hello');
    const read = readBounded(file, { maxBytes: 5 });
    expect(read.ok && read.bytes.toString()).toBe('hello');
  });

  it('refuses a file one byte over the cap, without reading it', () => {
    const file = join(dir, 'big.txt');
    writeFileSync(file, 'hello!');
    expect(readBounded(file, { maxBytes: 5 })).toMatchObject({ ok: false, problem: 'too-large' });
  });

  it('refuses a huge sparse file by its size', () => {
    const file = join(dir, 'sparse.bin');
    writeFileSync(file, '');
    truncateSync(file, 3 * 1024 * 1024 * 1024);
    expect(() => readBoundedOrThrow(file, 'plan', { maxBytes: 1024 })).toThrow(
      `the plan file ${file} is 3072 MiB; vtr-wf reads plan files up to 1 KiB`,
    );
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const path = fifo('pipe');
    if (!path) return;
    expect(readBounded(path, { maxBytes: 100 })).toMatchObject({
      ok: false,
      reason: 'it is a named pipe (FIFO), not a regular file',
    });
  });

  it('refuses a device (/dev/zero) and a folder', () => {
    expect(readBounded('/dev/zero', { maxBytes: 100 })).toMatchObject({
      ok: false,
      reason: 'it is a device, not a regular file',
    });
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => readBoundedOrThrow(folder, 'tls-key', { maxBytes: 100 })).toThrow(
      new FileReadError(folder, `cannot read the TLS key ${folder}: it is a folder, not a file`),
    );
  });

  it('a missing file is "missing" with its code', () => {
    expect(readBounded(join(dir, 'nope'), { maxBytes: 1 })).toMatchObject({
      ok: false,
      problem: 'missing',
      code: 'ENOENT',
    });
  });

  it('noFollow refuses a symbolic link; head reads only the first bytes', () => {
    const file = join(dir, 'target.txt');
    writeFileSync(file, 'abcdef');
    const link = join(dir, 'link.txt');
    symlinkSync(file, link);
    expect(readBounded(link, { maxBytes: 10 }).ok).toBe(true);
    expect(readBounded(link, { maxBytes: 10, noFollow: true }).ok).toBe(false);
    const head = readBounded(file, { maxBytes: 10, head: 2 });
    expect(head.ok && [head.bytes.toString(), head.size]).toEqual(['ab', 6]);
  });
});

// Issue 14: `import` of an oversized file said "vtr-wf reads spec and config files" — the
// words of another kind. Every kind's refusal now names that kind, from one table.
describe('the wording of a refusal names what was read', () => {
  const big = join(dir, 'big.yaml');
  writeFileSync(big, 'x'.repeat(2048));
  const kinds = Object.keys(FILE_KINDS) as FileKind[];

  it.each(kinds)('%s', (kind) => {
    const { one, many } = FILE_KINDS[kind];
    expect(() => readBoundedOrThrow(big, kind, { maxBytes: 1024 })).toThrow(
      `${one ? `${one} ` : ''}${big} is 2 KiB; vtr-wf reads ${many} up to 1 KiB`,
    );
    expect(readText(big, 'big.yaml', kind, 1024)).toEqual({
      ok: false,
      code: 'too-large',
      message: `big.yaml is 2 KiB; vtr-wf reads ${many} up to 1 KiB`,
    });
  });

  it('each kind has its own words', () => {
    const words = kinds.map((kind) => FILE_KINDS[kind].many);
    expect(new Set(words).size).toBe(words.length);
    expect(FILE_KINDS.import.many).toBe('import files');
  });
});
