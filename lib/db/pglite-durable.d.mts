import type { PGliteOptions } from "@electric-sql/pglite";

export declare function durableOptions(dataDir: string): PGliteOptions;
