import type { Readable } from "node:stream";
export declare function bodyStream(req: Readable): ReadableStream<Uint8Array>;
