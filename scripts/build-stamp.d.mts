export declare function sourceHash(root: string): string;
export declare function distDir(root: string): string;
export declare const INGEST_BUNDLE: string;
export declare function buildIsCurrent(root: string): boolean;
export declare function writeBuildStamp(root: string, hash: string): void;
