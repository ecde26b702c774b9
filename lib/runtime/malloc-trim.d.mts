export declare function mallocTrimAvailable(): boolean;
export declare function mallocTrim(): boolean;
export declare const TRIM_WINDOW_MS: number;
export declare const TRIM_AFTER_BYTES: number;
export interface AfterLoadTrimmer {
  tick(bytes: number, busy?: boolean): boolean;
}
export declare function afterLoadTrimmer(opts?: { trim?: () => unknown; now?: () => number; windowMs?: number; afterBytes?: number }): AfterLoadTrimmer;
