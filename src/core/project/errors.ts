/** Errors of creating and opening a project folder. A newer schema is the db layer's NewerSchemaError. */

export class ProjectFolderMissingError extends Error {
  constructor(readonly dir: string) {
    super(`project folder ${dir} does not exist`);
    this.name = 'ProjectFolderMissingError';
  }
}

export class NotAProjectError extends Error {
  constructor(
    readonly dir: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${dir} is not an ST4VLA Studio project: ${reason}`, options);
    this.name = 'NotAProjectError';
  }
}

export class ProjectExistsError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} already holds a project; open it instead`);
    this.name = 'ProjectExistsError';
  }
}
