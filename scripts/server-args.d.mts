export declare const NODE_FLAGS: string[];
export declare const KEEP_ALIVE_MS: string;
export declare function nextStartArgs(nextBin: string, port: string | number, host?: string): string[];
