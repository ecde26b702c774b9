export interface IdleCollector {
  note(bytes: number): void;
  tick(busy?: boolean): boolean;
}
export declare function idleCollector(opts: {
  threshold: number;
  quietMs: number;
  gc?: () => void;
  now?: () => number;
  settled?: () => boolean;
  quiet?: () => boolean;
  retries?: number;
  giveUpMs?: number;
}): IdleCollector;
export declare function threadQuiet(): () => boolean;
export declare function youngGenerationSmall(maxBytes?: number): boolean;
export declare const IDLE_GC_THRESHOLD_BYTES: number;
export declare const IDLE_GC_QUIET_MS: number;
export declare const IDLE_GC_LARGE_CALL_BYTES: number;
export declare function callBytes(msg: { sql?: unknown; params?: unknown }): number;
export declare const YOUNG_SHRINK_QUIET_MS: number;
export declare function shrinkYoungGeneration(opts?: { gc?: () => void; quietMs?: number; wait?: (ms: number) => Promise<void> }): Promise<boolean>;
export declare function holdYoungGeneration(hold: boolean, setFlags?: (flags: string) => void): boolean;
export declare const ENGINE_OLD_GROWTH_BYTES: number;
export interface OldGenerationBound {
  check(): boolean;
  idle(): boolean;
  reset(): void;
}
export declare function oldGenerationBound(opts?: { maxGrowth?: number; idleGrowth?: number; gc?: () => void; used?: () => number }): OldGenerationBound;
