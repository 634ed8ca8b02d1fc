/**
 * The one colour helper: every text renderer paints through it, so "is colour
 * on" is decided once by the caller (--no-color, NO_COLOR, a TTY: cli/common's
 * useColor) and passed in as a boolean. Pure string work.
 */
const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

export type Colour = keyof typeof CODES;
export type Paint = (colour: Colour, text: string) => string;

/** `paint('red', 'error')`: ANSI-wrapped when `enabled`, the text itself otherwise. */
export function painter(enabled: boolean): Paint {
  return enabled
    ? (colour, text) => `\u001b[${CODES[colour]}m${text}\u001b[0m`
    : (_c, text) => text;
}

/** A unified diff's lines: additions green, removals red, hunk headers cyan; file headers plain. */
export function paintUnifiedDiff(diff: string, paint: Paint): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return line;
      if (line.startsWith('@@')) return paint('cyan', line);
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      return line;
    })
    .join('\n');
}
