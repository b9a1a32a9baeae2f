/** A grounding export or import that cannot be done as asked; the message says what to change. */
export class GroundingExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GroundingExportError';
  }
}
