// Google API errors: a google.rpc.Status status string and its HTTP code (chat-api.md §7). Handlers throw
// ApiError; the server turns it into the JSON body the client library parses ({error:{code,message,status}}).

const HTTP_CODE = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNKNOWN: 500,
  DATA_LOSS: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

export type GoogleStatus = keyof typeof HTTP_CODE;

export class ApiError extends Error {
  readonly code: number;

  constructor(
    readonly status: GoogleStatus,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.code = HTTP_CODE[status];
  }

  body(): { error: { code: number; message: string; status: GoogleStatus; details?: unknown[] } } {
    const error = { code: this.code, message: this.message, status: this.status };
    return { error: this.details ? { ...error, details: this.details } : error };
  }
}

export const invalidArgument = (message: string): ApiError => new ApiError('INVALID_ARGUMENT', message);
export const failedPrecondition = (message: string): ApiError => new ApiError('FAILED_PRECONDITION', message);
export const permissionDenied = (message: string): ApiError => new ApiError('PERMISSION_DENIED', message);
export const notFound = (message: string): ApiError => new ApiError('NOT_FOUND', message);
export const alreadyExists = (message: string): ApiError => new ApiError('ALREADY_EXISTS', message);
export const unauthenticated = (message: string): ApiError => new ApiError('UNAUTHENTICATED', message);

/** What Google says when a token lacks a scope the method needs. */
export const insufficientScopes = (): ApiError => permissionDenied('Request had insufficient authentication scopes.');
