/**
 * Shows a use case's result in the chosen format: the renderer table's
 * stdout text, then whatever the format says on stderr beside it. The key is
 * redacted on the values first (a renderer may escape or reshape them — XML,
 * JSON pointers — past the text net), and every line passes `out`/`err`.
 */
import { rendererFor, type CommandName, type OptionsOf, type ResultOf } from '../render/table.js';
import { redactValues } from '../secrets.js';
import { err, out } from './common.js';

export async function emit<C extends CommandName>(
  command: C,
  format: string,
  result: ResultOf<C>,
  options: OptionsOf<C>,
): Promise<void> {
  const renderer = await rendererFor(command, format);
  const shown = redactValues(result);
  out(renderer.render(shown, options));
  if (renderer.notes) err(renderer.notes(shown, options));
}
