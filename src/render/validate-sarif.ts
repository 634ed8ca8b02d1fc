/**
 * `--format sarif`: a SARIF 2.1.0 log for code scanning. Every rule code is
 * listed under tool.driver.rules; each result carries its rule, level, file
 * region and the JSON pointer (as a logical location and in properties). Pure.
 */
import type { Diagnostic } from '../diagnostic.js';
import { RULES } from '../spec/rule-codes.js';

export interface SarifOptions {
  toolVersion: string;
}

const INFORMATION_URI = 'https://github.com/vtr-wf/vtr-wf';

export function renderValidateSarif(
  diagnostics: readonly Diagnostic[],
  opts: SarifOptions,
): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  const extraRules = [...new Set(diagnostics.map((d) => d.code))].filter((c) => !ruleIndex.has(c));
  const rules = [
    ...RULES.map((r) => ({
      id: r.code,
      name: r.code,
      shortDescription: { text: r.summary },
      defaultConfiguration: { level: r.severity },
      helpUri: `${INFORMATION_URI}/blob/main/docs/rules.md`,
    })),
    ...extraRules.map((code) => ({ id: code, name: code, shortDescription: { text: code } })),
  ];
  extraRules.forEach((code, i) => ruleIndex.set(code, RULES.length + i));

  const results = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code),
    level: d.severity,
    message: { text: d.suggestion ? `${d.message} (${d.suggestion})` : d.message },
    ...(d.file !== '' ? { locations: [location(d)] } : {}),
    properties: {
      pointer: d.pointer,
      document: d.document,
      ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
    },
  }));

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vtr-wf',
            version: opts.toolVersion,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function location(d: Diagnostic) {
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(d.file) },
      ...(d.line > 0
        ? {
            region: {
              startLine: d.line,
              startColumn: d.column,
              endLine: d.end_line,
              endColumn: Math.max(d.end_column, d.end_line === d.line ? d.column : 1),
            },
          }
        : {}),
    },
    logicalLocations: [{ fullyQualifiedName: d.pointer === '' ? '/' : d.pointer, kind: 'element' }],
  };
}

/** A relative URI reference: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
