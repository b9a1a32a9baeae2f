/** Any failure of the sample-dataset generator that the user can fix: the message names the culprit. */
export class DatasetGenerationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatasetGenerationError';
  }
}
