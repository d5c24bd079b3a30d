// `npm run bench -- --soak [--soak-minutes 30]`: the pipeline left on the demo scene (the real
// control plane and client-go electors failing over and flapping, legacy locks, coordinated
// election, node heartbeats; test/support/demo) with its chaos on. Each minute the pipeline's
// heap (after a full garbage collection), RSS, open sockets and timers are sampled; the slope
// after the first five minutes is the figure. A heap that keeps growing is a leak: printed in red
// and the run fails.

import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../support/testCluster';
import { repoRoot } from '../support/toolPaths';
import { ProcessSet } from '../support/demo/demoProcesses';
import { startScene, type Scene } from '../support/demo/demoScene';
import { startChild, type ChildParty } from './benchParties';
import type { ChildMessage } from './benchProtocol';
import { red, table } from './benchReport';
import { round } from './leaseScene';
import { slope } from './sightings';

export interface SoakSample {
  readonly minute: number;
  readonly heap_mb: number;
  readonly rss_mb: number;
  readonly sockets: number;
  readonly timers: number;
  readonly locks: number;
}

export interface SoakFigures {
  leak: boolean;
  soak_minutes: number;
  soak_rss_slope_mb_per_h: number;
  soak_heap_slope_mb_per_h: number;
  soak_sockets_max: number;
  soak_timers_max: number;
  soak_samples: SoakSample[];
  soak_load_average: number;
  soak_note: string;
}

/** More than this, sustained over at least 20 minutes of samples, is a leak. */
const LEAK_MB_PER_H = 2;

export async function runSoak(o: { minutes: number; log: (l: string) => void }): Promise<SoakFigures> {
  const { log } = o;
  const dir = join(repoRoot, '.build', 'bench', 'soak');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const processes = new ProcessSet(join(dir, 'logs'));
  const cluster = await TestCluster.start();
  let scene: Scene | undefined;
  let ours: ChildParty | undefined;
  try {
    const { kubeconfig, contexts } = cluster.info;
    scene = await startScene({
      bin: join(repoRoot, '.build', 'bin'),
      kubeconfig,
      admin: cluster.adminTransport(),
      processes,
      chaos: true,
      log: (line) => log(`  ${line}`),
    });
    await scene.ready;
    log(`  the demo scene is ready (logs in ${join(dir, 'logs')}); sampling every minute for ${o.minutes} minutes`);
    // --expose-gc: each sample is taken after a full collection, so it is what is kept, not garbage.
    ours = startChild('benchConsumer.js', ['ours', kubeconfig, contexts.admin], ['--expose-gc']);
    await ours.synced;
    const samples: SoakSample[] = [];
    const sample = async (minute: number) => {
      const next = ours!.next('sample');
      ours!.send({ type: 'sample' });
      const s: Extract<ChildMessage, { type: 'sample' }> = await next;
      const row: SoakSample = {
        minute,
        heap_mb: round(s.heapUsedBytes / 2 ** 20, 2),
        rss_mb: round(s.rssBytes / 2 ** 20, 1),
        sockets: s.sockets,
        timers: s.timers,
        locks: s.locks,
      };
      samples.push(row);
      log(
        `  minute ${String(minute).padStart(2)}: heap ${row.heap_mb} MB, RSS ${row.rss_mb} MB, ${row.sockets} sockets, ${row.timers} timers, ${row.locks} locks`,
      );
    };
    await sample(0);
    for (let minute = 1; minute <= o.minutes; minute++) {
      await new Promise((r) => setTimeout(r, 60_000));
      await sample(minute);
    }
    // The first five minutes are warm-up (code compiled, caches and histories filling); shorter
    // trial runs use what comes after the first minute.
    const skip = o.minutes >= 10 ? 5 : 1;
    const steady = samples.filter((s) => s.minute >= skip);
    const perHour = (pick: (s: SoakSample) => number) => round(slope(steady.map((s) => [s.minute / 60, pick(s)])), 2);
    const heapSlope = perHour((s) => s.heap_mb);
    const rssSlope = perHour((s) => s.rss_mb);
    const long = steady.length >= 20;
    const leak = long && heapSlope > LEAK_MB_PER_H;
    const f: SoakFigures = {
      leak,
      soak_minutes: o.minutes,
      soak_rss_slope_mb_per_h: rssSlope,
      soak_heap_slope_mb_per_h: heapSlope,
      soak_sockets_max: Math.max(...samples.map((s) => s.sockets)),
      soak_timers_max: Math.max(...samples.map((s) => s.timers)),
      soak_samples: samples,
      soak_load_average: round(loadavg()[0]!, 2),
      soak_note: `slopes by least squares over minutes ${skip}–${o.minutes}; heap after a full collection`,
    };
    log(`\nSoak on the demo scene, ${o.minutes} minutes (slopes over minutes ${skip}–${o.minutes})`);
    log(
      table(
        ['heap MB/h', 'RSS MB/h', 'heap first→last', 'RSS first→last', 'sockets max', 'timers max', 'load'],
        [
          [
            leak ? red(String(heapSlope)) : heapSlope,
            rssSlope,
            `${steady[0]?.heap_mb}→${steady[steady.length - 1]?.heap_mb}`,
            `${steady[0]?.rss_mb}→${steady[steady.length - 1]?.rss_mb}`,
            f.soak_sockets_max,
            f.soak_timers_max,
            f.soak_load_average,
          ],
        ],
      ),
    );
    if (leak) log(red(`  the heap grows by ${heapSlope} MB an hour: a leak`));
    else if (!long) log('  (fewer than 20 minutes of samples after warm-up: a trial, not a verdict)');
    return f;
  } finally {
    ours?.stop();
    scene?.stopChaos();
    await processes.stopAll();
    await cluster.stop();
  }
}
