import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SERVER_ENV } from "../../scripts/server-args.mjs";
import { afterLoadTrimmer, mallocTrimAvailable, TRIM_AFTER_BYTES, TRIM_WINDOW_MS } from "./malloc-trim.mjs";

const MB = 1024 * 1024;

describe("afterLoadTrimmer", () => {
  it("trims on each quiet tick after a load, never while bodies arrive or are read, and stops after its window", () => {
    let t = 0;
    let trims = 0;
    const trimmer = afterLoadTrimmer({ trim: () => trims++, now: () => t });
    // Small requests alone are not a load.
    expect(trimmer.tick(100_000)).toBe(false);
    t += 5_000;
    expect(trimmer.tick(0)).toBe(false);
    // A load: no trim while its bodies come in, nor while one is being read.
    t += 5_000;
    expect(trimmer.tick(TRIM_AFTER_BYTES)).toBe(false);
    t += 5_000;
    expect(trimmer.tick(0, true)).toBe(false);
    // Quiet ticks after it: a trim on each.
    t += 5_000;
    expect(trimmer.tick(0)).toBe(true);
    t += 5_000;
    expect(trimmer.tick(0)).toBe(true);
    expect(trims).toBe(2);
    // A body again: none on that tick.
    t += 5_000;
    expect(trimmer.tick(10)).toBe(false);
    // The window counts from the last body.
    t += TRIM_WINDOW_MS;
    expect(trimmer.tick(0)).toBe(true);
    t += 5_000;
    expect(trimmer.tick(0)).toBe(false);
    t += 5_000;
    expect(trimmer.tick(0)).toBe(false);
    expect(trims).toBe(3);
    // Disarmed: a small body no longer re-arms it; a new load does.
    expect(trimmer.tick(10)).toBe(false);
    t += 5_000;
    expect(trimmer.tick(0)).toBe(false);
    expect(trimmer.tick(2 * MB)).toBe(false);
    t += 5_000;
    expect(trimmer.tick(0)).toBe(true);
  });

  it.runIf(process.platform === "linux" && process.arch === "x64")("can call glibc's malloc_trim on this platform (koffi is installed)", () => {
    expect(mallocTrimAvailable()).toBe(true);
  });

  it.runIf(process.platform === "linux" && process.arch === "x64")(
    "gives back the free memory between live blocks that glibc keeps otherwise",
    { timeout: 60_000 },
    () => {
      // In a process of its own with the server's allocator settings: 160 MB of 40 KB buffers
      // (under the mmap threshold, so from the heap), one in 50 kept.
      const url = new URL("./malloc-trim.mjs", import.meta.url).href;
      const script = `
        import { readFileSync } from "node:fs";
        import { mallocTrim } from ${JSON.stringify(url)};
        const rss = () => Number(readFileSync("/proc/self/status", "utf8").match(/VmRSS:\\s+(\\d+)/)[1]) * 1024;
        let a = [];
        for (let i = 0; i < 4000; i++) a.push(Buffer.allocUnsafeSlow(40_000).fill(1));
        a = a.filter((_, i) => i % 50 === 0);
        gc();
        gc();
        const before = rss();
        const trimmed = mallocTrim();
        console.log(JSON.stringify({ before, after: rss(), trimmed, kept: a.length }));
      `;
      const run = (trim: "on" | "off") => {
        const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
          cwd: fileURLToPath(new URL(".", import.meta.url)),
          encoding: "utf8",
          env: { ...process.env, ...SERVER_ENV, SIGHTLINE_MALLOC_TRIM: trim },
        });
        return JSON.parse(out.trim().split("\n").pop()!) as { before: number; after: number; trimmed: boolean };
      };
      const on = run("on");
      const off = run("off");
      // Without the trim the freed ~157 MB stay resident; with it, they go back.
      expect(off.trimmed).toBe(false);
      expect(off.before - off.after).toBeLessThan(20 * MB);
      expect(off.after).toBeGreaterThan(150 * MB);
      expect(on.trimmed).toBe(true);
      expect(on.before - on.after).toBeGreaterThan(100 * MB);
    },
  );
});
