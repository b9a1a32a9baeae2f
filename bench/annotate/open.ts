/**
 * bench/annotate/open: opening an episode's annotations in the real UI, web mode, Debian's Chromium.
 *   npx tsx bench/annotate/open.ts [--quick] [--opens=15]
 * The GR1 fixture (256×256, 328–470 frames an episode) with two episodes of 10,000 annotations and two
 * of 1,000 (a mix of points, boxes, trajectories and keyframed tracks, written by one annotations.apply).
 * Each open selects an episode in the list and presses E; the time runs from the key event to the end
 * of the first paint of those annotations on the canvas, split by the studio's User Timing marks:
 *   mount      key → annotations.list sent (React mounts the workspace and its session)
 *   server     annotations.list dispatched on the backend (query, toContract, output validation)
 *   transfer   the rest of the call: JSON on the server, the WebSocket, JSON.parse in the page
 *   document   the editor's document built from the list (fromWire, new Editor)
 *   render     document → draw list compiled (React render, the layer's next animation frame, the scene at
 *              the frame and its draw list, in the layer's draw)
 *   paint      draw list → painted on the layer's raster (paintDrawList)
 * Opens alternate between two episodes of each size. "best" is the fastest open: on a shared machine it
 * is the closest to the work itself, the median and p95 include waiting for a core. Prints one table.
 */
import { cpus, loadavg } from 'node:os';
import { median, percentile, printTable } from '../table';
import { clearMarks, fillEpisode, mixedCreates, selectEpisode, startBenchStudio, waitForMarks, type Mark } from './webStudio';

const quick = process.argv.includes('--quick');
const OPENS = Number(process.argv.find((a) => a.startsWith('--opens='))?.slice(8) ?? (quick ? 5 : 15));
const WARMUP = 2;
const COUNTS = [1000, 10_000];
const BUDGET_MS = 300;

type Phase = 'mount' | 'server' | 'transfer' | 'document' | 'render' | 'paint' | 'total';
const PHASES: Phase[] = ['mount', 'server', 'transfer', 'document', 'render', 'paint', 'total'];

async function main() {
  const bench = await startBenchStudio(async (call, episodes, camera) => {
    const labels = [];
    for (const [name, color] of [['pear', '#ff6b6b'], ['plate', '#4dabf7'], ['gripper', '#51cf66'], ['counter', '#fcc419'], ['cup', '#cc5de8']]) {
      labels.push((await call('labels.create', { name: name!, color: color! })).id);
    }
    // Episodes 0 and 1 hold 10,000, episodes 2 and 3 hold 1,000.
    for (const [i, count] of [10_000, 10_000, 1000, 1000].entries()) {
      const e = episodes[i]!;
      await fillEpisode(call, e.id, mixedCreates(count, camera, e.length, 256, labels, i + 1));
    }
  });
  const { page, serverMs } = bench;
  const loadBefore = loadavg()[0]!;
  const results = new Map<number, Record<Phase, number[]>>();
  const drawn = new Map<number, number[]>();
  try {
    for (const count of COUNTS) {
      const pair = bench.episodes.filter((e) => e.annotationCount === count).map((e) => e.id);
      if (pair.length !== 2) throw new Error(`expected two episodes with ${count} annotations, found ${pair.length}`);
      const phases = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>;
      results.set(count, phases);
      drawn.set(count, []);
      process.stderr.write(`${count} annotations: ${WARMUP} + ${OPENS} opens…\n`);
      for (let run = 0; run < WARMUP + OPENS; run++) {
        const episodeId = pair[run % 2]!;
        await selectEpisode(page, episodeId);
        await clearMarks(page);
        const listCalls = serverMs['annotations.list']?.length ?? 0;
        await page.keyboard.press('e');
        const log = await waitForMarks(
          page,
          (n) => {
            const log = (globalThis as unknown as { benchMarks: Mark[] }).benchMarks;
            const adopted = log.findIndex((m) => m.name === 'annotate:adopted' && (m.detail as { count: number }).count === n);
            return adopted >= 0 && log.some((m, i) => i > adopted && m.name === 'annotate:painted');
          },
          count,
        );
        const server = serverMs['annotations.list']?.[listCalls];
        if (server === undefined) throw new Error('the backend never saw the annotations.list call');
        const open = phasesOf(log, server);
        if (run >= WARMUP) {
          for (const p of PHASES) phases[p].push(open[p]);
          drawn.get(count)!.push(open.ops);
        }
        await page.keyboard.press('e');
        await page.waitForSelector('.annotate', { state: 'detached' });
      }
    }
  } finally {
    await bench.close();
  }
  const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
  const errors = bench.harness.pageErrors;
  const cell = (count: number, p: Phase) => {
    const v = results.get(count)![p];
    return `${median(v).toFixed(1)} / ${percentile(v, 95).toFixed(1)} / ${Math.min(...v).toFixed(1)}`;
  };
  const rows: string[][] = PHASES.map((p) => [p, ...COUNTS.map((c) => cell(c, p))]);
  rows.push(['draw ops on the opening frame', ...COUNTS.map((c) => String(median(drawn.get(c)!)))]);
  rows.push([`total p95 < ${BUDGET_MS} ms`, ...COUNTS.map((c) => (percentile(results.get(c)!.total, 95) < BUDGET_MS ? 'yes' : 'NO'))]);
  printTable(
    `bench/annotate/open: E pressed → annotations loaded and drawn, web mode, headless Chromium, ${OPENS} opens each (ms, median / p95 / best); ${load}`,
    ['phase', ...COUNTS.map((c) => `${c.toLocaleString('en')} annotations`)],
    rows,
  );
  if (errors.length > 0) {
    console.error(`page errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
}

/** One open's phases from the page's marks; `server` is the backend's time for the list call. */
function phasesOf(log: Mark[], server: number): Record<Phase, number> & { ops: number } {
  const at = (name: string, from = 0) => {
    const i = log.findIndex((m, k) => k >= from && m.name === name);
    if (i < 0) throw new Error(`no "${name}" mark in this open`);
    return i;
  };
  const key = at('key:e');
  const start = at('annotate:list-start', key);
  const end = at('annotate:list-end', start);
  const adopted = at('annotate:adopted', end);
  const painted = at('annotate:painted', adopted);
  const compiled = at('annotate:compiled', adopted);
  const t = (i: number) => log[i]!.t;
  const call = t(end) - t(start);
  return {
    mount: t(start) - t(key),
    server,
    transfer: call - server,
    document: t(adopted) - t(end),
    render: t(compiled) - t(adopted),
    paint: t(painted) - t(compiled),
    total: t(painted) - t(key),
    ops: (log[painted]!.detail as { ops: number }).ops,
  };
}

await main();
