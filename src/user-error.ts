/**
 * The one user-facing error: an expected failure (a missing workflow, a file
 * in the way, a refused key) whose message is for the user, with the exit code
 * it means. run-main prints the message without a stack trace and exits with
 * the code; anything that is not a UserError is a bug and gets the stack.
 * Layers below the CLI subclass it (ClarifaiError, PlanFileError …) or throw
 * it; none of them prints or exits.
 */
export class UserError extends Error {
  /** Kept for callers that test the flag rather than the class. */
  readonly userFacing = true;
  /** 1 unless the failure means something else (the contract's exit codes). */
  declare readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    // Not enumerable: an error's JSON (errorJson, reports) keeps the shape it had.
    Object.defineProperty(this, 'exitCode', { value: exitCode, enumerable: false });
  }
}
