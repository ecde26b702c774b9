export declare function serverArgs(port: string | number, host?: string): string[];
export declare const SERVER_ENV: Record<string, string>;
