import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/*
 * `BENCH_STALLS=1 npm run bench`: loaded with `--import` into each server the bench
 * starts. It appends to /tmp/bench-stalls-<script>-<pid>.log, with wall-clock
 * milliseconds to match the bench's phases (BENCH_TRACE=1 prints those):
 * - `stall N`: a 1 ms timer came N ms late (over 6 ms): the event loop was held;
 * - `gc kind=K N`: one garbage collection over 3 ms (V8's kind: 1 scavenge,
 *   4 mark-compact, 8 incremental marking);
 * - `gc-second K:count:ms ...`: every collection of the last second, by kind, and
 *   `live=M` if a mark-compact ran in it: the heap in use just after the last one (MB),
 *   that is about what every full collection has to mark;
 * - `mem ...`: the process's memory each second (MB): RSS, V8's heap (committed and
 *   used) and the memory outside it (`external`, of which `arrayBuffers`).
 * This is how the tail of issue 14 was found.
 */
const file = `/tmp/bench-stalls-${basename(process.argv[1] ?? 'node')}-${process.pid}.log`;
const write = (line: string) => appendFileSync(file, `${Date.now()} ${line}\n`);

const second = new Map<number, { count: number; ms: number }>();
let liveAfterFull: number | undefined;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
    const sum = second.get(kind) ?? { count: 0, ms: 0 };
    second.set(kind, { count: sum.count + 1, ms: sum.ms + entry.duration });
    if (kind === 4) liveAfterFull = getHeapStatistics().used_heap_size;
    if (entry.duration > 3) write(`gc kind=${kind} ${entry.duration.toFixed(1)}ms`);
  }
}).observe({ entryTypes: ['gc'] });

setInterval(() => {
  const kinds = [...second].map(([kind, s]) => `${kind}:${s.count}:${s.ms.toFixed(1)}`);
  second.clear();
  if (liveAfterFull !== undefined) kinds.push(`live=${(liveAfterFull / 1048576).toFixed(1)}`);
  liveAfterFull = undefined;
  if (kinds.length > 0) write(`gc-second ${kinds.join(' ')}`);
  const m = process.memoryUsage();
  const mb = (n: number) => (n / 1048576).toFixed(1);
  write(
    `mem rss=${mb(m.rss)} heapTotal=${mb(m.heapTotal)} heapUsed=${mb(m.heapUsed)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}`,
  );
}, 1000).unref();

let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 6) write(`stall ${(now - last).toFixed(1)}ms`);
  last = now;
}, 1).unref();
