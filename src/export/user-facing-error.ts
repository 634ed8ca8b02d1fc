/**
 * An expected failure of export/import (a missing workflow, a file in the way):
 * run-main prints its message without a stack trace and exits 1.
 */
export class UserFacingError extends Error {
  readonly userFacing = true;
}
