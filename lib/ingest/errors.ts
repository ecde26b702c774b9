/** An input problem with the status, a stable code and a message that says what to fix. */
export class IngestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
    this.name = "IngestError";
  }
}
