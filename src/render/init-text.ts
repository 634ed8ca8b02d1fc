/**
 * `init`'s text output: what happened to each file, then what to run next.
 * Created and updated files are the result (stdout); skipped ones are notices
 * (stderr), so each has its own renderer.
 */
import type { InitResult } from '../commands/init.js';

export function renderInitText(result: InitResult, opts: { dirArg?: string }): string {
  const lines: string[] = [];
  for (const file of result.files) {
    if (file.action === 'created') lines.push(`created ${file.path}`);
    if (file.action === 'updated') lines.push(`updated ${file.path} (${file.note})`);
  }
  if (lines.length === 0) return 'Nothing to create: every file exists.\n';
  lines.push('', 'Next steps:');
  if (opts.dirArg && opts.dirArg !== '.') lines.push(`  cd ${shellQuote(opts.dirArg)}`);
  if (!result.schemasPresent) {
    lines.push(
      '  npm install --save-dev vtr-wf                # pins the version; editors find its schemas',
    );
  }
  lines.push(
    '  npx vtr-wf validate',
    '  npx vtr-wf apply -e local --auto-approve      # the embedded emulator: no account needed',
    '  npx vtr-wf graph                              # the workflow as a Mermaid diagram',
    '',
    'For a real Clarifai app, uncomment `staging` in vtr-wf.yaml, export CLARIFAI_PAT, and run',
    '  npx vtr-wf plan -e staging',
  );
  if (result.files.some((f) => f.path.startsWith('.github/') && f.action === 'created')) {
    lines.push(
      '',
      'CI: .github/workflows/vtr-wf.yml validates and plans pull requests and applies on main;',
      'add the CLARIFAI_PAT repository secret and list your environments in its matrix.',
    );
  }
  return lines.join('\n') + '\n';
}

export function renderInitSkips(result: InitResult): string {
  return result.files
    .map((f) => (f.action === 'skipped' ? `skipped ${f.path}: ${f.reason}\n` : ''))
    .join('');
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
