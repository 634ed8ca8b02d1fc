// A row's goal, declared as data so results.json can carry it:
//   { max_overhead: 100 }  value − baseline ≤ 100 (in the row's unit)
//   { max: 1000 }          value ≤ 1000
//   { max_ratio: 2 }       value / baseline ≤ 2
// Several keys must all hold. `text` overrides the generated description.

export function describeGoal(goal, unit = 'ms') {
  if (!goal) return '—';
  if (goal.text) return goal.text;
  const parts = [];
  if (goal.max_overhead !== undefined) parts.push(`≤ ${goal.max_overhead} ${unit} over baseline`);
  if (goal.max !== undefined) parts.push(`≤ ${goal.max} ${unit}`);
  if (goal.max_ratio !== undefined) parts.push(`ratio ≤ ${goal.max_ratio}`);
  return parts.join(', ') || '—';
}

/** true / false, or null when the row has no goal. */
export function meetsGoal(goal, result) {
  if (!goal) return null;
  const checks = [];
  if (goal.max_overhead !== undefined)
    checks.push(result.value - result.baseline <= goal.max_overhead);
  if (goal.max !== undefined) checks.push(result.value <= goal.max);
  if (goal.max_ratio !== undefined)
    checks.push(result.ratio !== null && result.ratio <= goal.max_ratio);
  return checks.length === 0 ? null : checks.every(Boolean);
}
