import { describe, expect, it } from 'vitest';
import { formatsFor, renderedCommands, rendererFor } from './table.js';

describe('the renderer table', () => {
  it('loads a renderer for every format of every command', async () => {
    for (const command of renderedCommands()) {
      expect(formatsFor(command).length, command).toBeGreaterThan(0);
      for (const format of formatsFor(command)) {
        const renderer = await rendererFor(command, format);
        expect(typeof renderer.render, `${command} ${format}`).toBe('function');
      }
    }
  });

  it('lists the formats in help order, the default first', () => {
    expect(formatsFor('validate')).toEqual(['text', 'json', 'github', 'sarif']);
    expect(formatsFor('graph')).toEqual(['mermaid', 'dot', 'json', 'text']);
    expect(formatsFor('plan')).toEqual(['text', 'json', 'markdown']);
    expect(formatsFor('test')).toEqual(['text', 'json', 'junit']);
  });

  it('refuses a format it does not hold', async () => {
    await expect(rendererFor('plan', 'junit')).rejects.toThrow('no junit renderer for plan');
    await expect(rendererFor('plan', 'constructor')).rejects.toThrow();
  });
});
