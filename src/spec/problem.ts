/**
 * A diagnostic before it knows its file and document: what pure checks of one
 * document return. The loader adds `file` and `document`.
 */
import type { UnplacedDiagnostic } from '../diagnostic.js';

export type Problem = Omit<UnplacedDiagnostic, 'file' | 'document'>;

export function inDocument(problem: Problem, file: string, document: number): UnplacedDiagnostic {
  return {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    file,
    pointer: problem.pointer,
    document,
    ...(problem.suggestion !== undefined ? { suggestion: problem.suggestion } : {}),
  };
}
