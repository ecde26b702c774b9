export declare function serverArgs(port: string | number, host?: string): string[];
