export declare const AUTH_BODY_LIMIT: number;
export declare const DEFAULT_BODY_LIMIT: number;
export declare function bodyLimitFor(pathname: string): number;
export interface BodySizeError {
  status: 400 | 411 | 413;
  code: "invalid_content_length" | "length_required" | "body_too_large";
  message: string;
}
export declare function bodySizeError(headers: Record<string, string | string[] | undefined | null>, limit: number): BodySizeError | null;
