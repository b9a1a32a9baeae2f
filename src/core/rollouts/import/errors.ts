/** An import refused: names the file and what is wrong with it, so the user can fix that one file. */
export class RolloutImportError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'RolloutImportError';
  }
}
