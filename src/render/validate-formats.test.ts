import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostic.js';
import { RULES } from '../spec/rule-codes.js';
import { escapeData, escapeProperty, renderValidateGithub } from './validate-github.js';
import { renderValidateJson } from './validate-json.js';
import { renderValidateSarif } from './validate-sarif.js';
import { renderValidateSummary, renderValidateText } from './validate-text.js';

const UNKNOWN_INPUT: Diagnostic = {
  code: 'unknown-input',
  severity: 'error',
  message: 'node `image-crop` reads from `general-concept`',
  file: 'workflows/vtr.yaml',
  line: 9,
  column: 14,
  end_line: 9,
  end_column: 29,
  pointer: '/nodes/1/inputs/0',
  document: 0,
  suggestion: 'did you mean `detect-concept`?',
};
const NO_PLACE: Diagnostic = {
  code: 'no-specs',
  severity: 'warning',
  message: 'no spec files in workflows',
  file: 'workflows',
  line: 0,
  column: 0,
  end_line: 0,
  end_column: 0,
  pointer: '',
  document: 0,
};

describe('text', () => {
  it('prints like a compiler, with pointer and suggestion', () => {
    expect(renderValidateText([UNKNOWN_INPUT, NO_PLACE])).toBe(
      'workflows/vtr.yaml:9:14: error unknown-input node `image-crop` reads from `general-concept`\n' +
        '  pointer: /nodes/1/inputs/0\n' +
        '  suggestion: did you mean `detect-concept`?\n' +
        'workflows: warning no-specs no spec files in workflows\n',
    );
  });

  it('colours only when asked', () => {
    expect(renderValidateText([UNKNOWN_INPUT])).not.toContain('\u001b[');
    expect(renderValidateText([UNKNOWN_INPUT], { color: true })).toContain('\u001b[31merror');
  });

  it('summarises', () => {
    expect(renderValidateSummary([], { files: 1, workflows: 1 })).toBe(
      'ok: 1 workflow in 1 file, no problems\n',
    );
    expect(renderValidateSummary([UNKNOWN_INPUT, NO_PLACE], { files: 2, workflows: 3 })).toBe(
      '1 error, 1 warning (3 workflows in 2 files)\n',
    );
  });
});

describe('json', () => {
  it('has exactly the contract fields, in order', () => {
    const parsed = JSON.parse(renderValidateJson([NO_PLACE, UNKNOWN_INPUT])) as {
      diagnostics: object[];
    };
    expect(Object.keys(parsed)).toEqual(['diagnostics']);
    expect(Object.keys(parsed.diagnostics[1]!)).toEqual([
      'code',
      'severity',
      'message',
      'file',
      'line',
      'column',
      'end_line',
      'end_column',
      'pointer',
      'document',
      'suggestion',
    ]);
    expect(parsed.diagnostics[0]).not.toHaveProperty('suggestion');
  });
});

describe('github', () => {
  it('writes annotations with positions, title and pointer', () => {
    expect(renderValidateGithub([UNKNOWN_INPUT, NO_PLACE])).toBe(
      '::error file=workflows/vtr.yaml,line=9,col=14,endLine=9,endColumn=29,title=unknown-input::' +
        'node `image-crop` reads from `general-concept`%0Asuggestion: did you mean `detect-concept`?%0Apointer: /nodes/1/inputs/0\n' +
        '::warning file=workflows,title=no-specs::no spec files in workflows\n',
    );
  });

  it('escapes so a message cannot start another command', () => {
    expect(escapeData('100%\r\n::error::x')).toBe('100%25%0D%0A::error::x');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const evil = { ...UNKNOWN_INPUT, file: 'odd,name:x.yaml', message: 'line\n::error::injected' };
    const out = renderValidateGithub([evil]);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out).toContain('file=odd%2Cname%3Ax.yaml,');
  });
});

describe('sarif', () => {
  const log = JSON.parse(renderValidateSarif([UNKNOWN_INPUT, NO_PLACE], { toolVersion: '9.9.9' }));
  const run = log.runs[0];

  it('is SARIF 2.1.0 listing every rule', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('vtr-wf');
    expect(run.tool.driver.version).toBe('9.9.9');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
      RULES.map((r) => r.code),
    );
  });

  it('places results with rule, level, region and pointer', () => {
    const [first, second] = run.results;
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe('unknown-input');
    expect(first).toMatchObject({
      ruleId: 'unknown-input',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'workflows/vtr.yaml' },
            region: { startLine: 9, startColumn: 14, endLine: 9, endColumn: 29 },
          },
          logicalLocations: [{ fullyQualifiedName: '/nodes/1/inputs/0' }],
        },
      ],
      properties: { pointer: '/nodes/1/inputs/0', document: 0 },
    });
    expect(second.level).toBe('warning');
    expect(second.locations[0].physicalLocation).not.toHaveProperty('region');
  });
});
