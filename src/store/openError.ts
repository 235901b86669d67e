/** The store cannot be opened; the message names the file so an operator can act on it. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';

  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot open the settings database at ${path}: ${detail}`, options);
  }
}
