import type { PGliteOptions } from "@electric-sql/pglite";

export declare const DURABLE_START_PARAMS: string[];
export declare function durableOptions(dataDir: string): PGliteOptions;
