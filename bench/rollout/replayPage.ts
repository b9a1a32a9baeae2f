/**
 * The page side of bench/rollout/replay: what it measures in the rollout player's page, installed as a
 * script (the bench's tsconfig has no DOM library, so it is plain JavaScript in a string).
 *
 * A frame counts as presented when the player's `data-step` attribute (rendered by React in the same
 * commit as the overlay's SVG, after the engine drew that step on the cameras' canvases) holds a new
 * step at an animation frame: several commits between two animation frames reach the screen as one.
 * A seek counts as drawn at the first task after the animation frame that follows its commit (the
 * usual "after next paint" point), from the input event's own timestamp.
 */
import type { Page } from 'playwright-core';

const PAGE_SCRIPT = String.raw`(() => {
  const inputs = [];
  addEventListener('pointerdown', (e) => inputs.push({ kind: 'pointer', t: e.timeStamp }), { capture: true });
  addEventListener('keydown', (e) => inputs.push({ kind: e.key, t: e.timeStamp }), { capture: true });
  const root = () => document.querySelector('.rollout-player');
  const stepOf = () => Number(root()?.getAttribute('data-step'));
  const stateOf = () => root()?.querySelector('.player')?.getAttribute('data-state') ?? null;
  // Overlay shapes on every camera now, and whether each camera's SVG is there at all.
  const shapes = () => [...document.querySelectorAll('.rollout-player__pane:first-child svg.rollout-overlay')].reduce((n, svg) => n + Number(svg.getAttribute('data-shapes')), 0);
  const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  }));
  window.replayBench = {
    status: () => ({
      rollout: Number(root()?.getAttribute('data-rollout')),
      step: stepOf(),
      state: stateOf(),
      shapes: shapes(),
      length: Number(root()?.querySelector(':scope > .player-timeline')?.getAttribute('aria-valuemax') ?? -1) + 1,
      fps: Number.parseFloat(root()?.querySelector(':scope > .player-transport .player-transport__fps')?.textContent ?? 'NaN'),
    }),
    // Plays from the frame shown until the player stops at the end; every animation frame's step.
    playThrough: (timeoutMs) => new Promise((resolve, reject) => {
      const painted = [];
      let last = -1;
      let started = false;
      let frame = 0;
      const until = performance.now() + timeoutMs;
      const tick = () => {
        frame++;
        const now = performance.now();
        const step = stepOf();
        if (step !== last) {
          painted.push({ step, t: now, frame, shapes: shapes() });
          last = step;
        }
        const state = stateOf();
        if (state === 'playing' || state === 'seeking') started = true;
        if (started && state === 'paused') return resolve(painted);
        if (now > until) return reject(new Error('playback did not reach the end in ' + timeoutMs + ' ms (at step ' + step + ', ' + state + ')'));
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      document.querySelector('.rollout-player > .player-transport button[aria-label="Play"]').click();
    }),
    // Resolves once the player settles on a step other than 'from' (paused), after the next paint:
    // when the input that started the seek happened, when the step was committed, when it was painted.
    awaitSeek: (from, timeoutMs) => new Promise((resolve, reject) => {
      const inputAt = inputs.length;
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no seek away from step ' + from + ' within ' + timeoutMs + ' ms')); }, timeoutMs);
      // A seek to a frame not decoded yet passes through 'seeking'; one the cache holds lands at once.
      let decoded = false;
      const check = () => {
        if (stateOf() === 'seeking') decoded = true;
        if (stepOf() === from || stateOf() !== 'paused') return;
        const committed = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        const step = stepOf();
        const drawn = shapes();
        afterPaint().then((painted) => resolve({ input: inputs[inputAt]?.t ?? null, committed, painted, step, shapes: drawn, decoded }));
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-step', 'data-state'] });
    }),
  };
})()`;

export interface Painted {
  step: number;
  t: number;
  /** Animation frames since the play began: the display's own rate, which bounds the steps shown. */
  frame: number;
  shapes: number;
}

export interface SeekTiming {
  input: number | null;
  committed: number;
  painted: number;
  step: number;
  shapes: number;
  /** The target was not decoded yet: the player went through 'seeking'. */
  decoded: boolean;
}

export interface PlayerStatus {
  rollout: number;
  step: number;
  state: string | null;
  /** Overlay shapes drawn over the cameras now. */
  shapes: number;
  /** Steps of the rollout and its frame rate, as the player shows them. */
  length: number;
  fps: number;
}

export const installReplayProbe = (page: Page): Promise<void> => page.evaluate(PAGE_SCRIPT);

// The functions below run in the page, where only what they are given exists: each reads the probe itself.
type Probe = { status(): PlayerStatus; playThrough(timeoutMs: number): Promise<Painted[]>; awaitSeek(from: number, timeoutMs: number): Promise<SeekTiming> };
type WithProbe = { replayBench: Probe };

export const playerStatus = (page: Page): Promise<PlayerStatus> => page.evaluate(() => (globalThis as unknown as WithProbe).replayBench.status());

/** Waits until the player shows rollout `id`, loaded and paused. */
export const waitForPlayer = (page: Page, id: number): Promise<unknown> =>
  page.waitForFunction(
    (want) => {
      const s = (globalThis as unknown as WithProbe).replayBench.status();
      return s.rollout === want && s.state === 'paused';
    },
    id,
    { timeout: 30_000 },
  );

/** Plays from the frame shown to the end and returns the step on screen at every animation frame it changed. */
export const playThrough = (page: Page, timeoutMs: number): Promise<Painted[]> =>
  page.evaluate((ms) => (globalThis as unknown as WithProbe).replayBench.playThrough(ms), timeoutMs);

/** Starts watching for a seek away from `from`; `input()` then does it. Returns the seek's timestamps. */
export async function timeSeek(page: Page, from: number, input: () => Promise<void>, timeoutMs = 15_000): Promise<SeekTiming> {
  const done = page.evaluate(([step, ms]) => (globalThis as unknown as WithProbe).replayBench.awaitSeek(step, ms), [from, timeoutMs] as const);
  // The watcher is installed before the input: evaluate calls run in order on the page.
  await page.evaluate(() => undefined);
  await input();
  return done;
}
