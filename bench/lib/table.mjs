// The results as a markdown table (stdout of `npm run bench`).

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function amount(value, unit) {
  return value === null || value === undefined ? '—' : `${value} ${unit}`;
}

function verdict(row) {
  if (row.error) return 'ERROR';
  if (row.pass === null) return '—';
  return row.pass ? 'pass' : 'FAIL';
}

export function renderTable(rows) {
  const header = ['row', 'value', 'baseline', 'ratio', 'goal', 'result'];
  const lines = rows.map((row) => [
    row.name,
    amount(row.value, row.unit),
    row.baseline === null || row.baseline === undefined
      ? '—'
      : `${amount(row.baseline, row.unit)}${row.baseline_label ? ` (${row.baseline_label})` : ''}`,
    row.ratio ?? '—',
    row.goal_text,
    verdict(row),
  ]);
  const all = [header, ...lines].map((line) => line.map(cell));
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i].length)));
  const format = (line) => `| ${line.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    format(all[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...all.slice(1).map(format),
  ].join('\n');
}
