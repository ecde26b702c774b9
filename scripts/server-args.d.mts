export declare function nextStartArgs(nextBin: string, port: string | number, host?: string): string[];
