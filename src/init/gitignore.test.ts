import { describe, expect, it } from 'vitest';
import { gitignoreWithEntry, ignoresVtrWfFolder } from './gitignore.js';

describe('gitignoreWithEntry', () => {
  it('creates the file when there is none', () => {
    expect(gitignoreWithEntry(null)).toBe('# vtr-wf: emulator state and backups\n.vtr-wf/\n');
  });

  it('appends, adding the missing final newline first', () => {
    expect(gitignoreWithEntry('node_modules')).toBe(
      'node_modules\n# vtr-wf: emulator state and backups\n.vtr-wf/\n',
    );
    expect(gitignoreWithEntry('dist/\n')).toBe(
      'dist/\n# vtr-wf: emulator state and backups\n.vtr-wf/\n',
    );
  });

  it.each(['.vtr-wf/', '.vtr-wf', '/.vtr-wf/', '  /.vtr-wf  ', 'a\r\n.vtr-wf\r\nb'])(
    'leaves a file that already ignores the folder (%j)',
    (existing) => {
      expect(ignoresVtrWfFolder(existing)).toBe(true);
      expect(gitignoreWithEntry(existing)).toBeNull();
    },
  );

  it('is not fooled by similar lines', () => {
    expect(ignoresVtrWfFolder('# .vtr-wf/\n.vtr-wf-old/\n!.vtr-wf/\n')).toBe(false);
  });
});
