export declare const STATIC_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]>;
