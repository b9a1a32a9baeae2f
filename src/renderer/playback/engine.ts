/**
 * Drives the episode: opens a frame source per camera, runs the one clock on requestAnimationFrame,
 * and draws the same frame index on every camera's canvas. It is the store's driver: the store's
 * commands end up here, and every state change goes through the state machine.
 */
import type { CameraInfo, EpisodeDetail } from '../../shared/contract/domain';
import { anchorAfterStall, browserScheduler, decideTick, type ClockAnchor, type FrameScheduler } from './clock';
import type { CameraFrames } from './decode/cameraFrames';
import type { Direction } from './decode/frameCache';
import type { Drawable } from './decode/painter';
import { isAbort, toPlayerError, type PlayerError } from './errors';
import { isActive, transition, type PlayerEvent } from './machine';
import { cameraStatusOf, clampFrame, EMPTY_STATS, INITIAL_SNAPSHOT, type CameraStatus, type PlayerDriver, type PlayerStoreApi } from './store';

export interface EngineOptions {
  openCamera: (camera: CameraInfo, url: string) => Promise<CameraFrames>;
  now?: () => number;
  scheduler?: FrameScheduler;
}

export type PresentListener = (frame: number, at: number) => void;

/** What the engine plays: an episode, or anything shaped like one (a rollout's cameras, step i = frame i). */
export type PlayableEpisode = Pick<EpisodeDetail, 'id' | 'length' | 'fps' | 'cameras'>;

export class PlaybackEngine implements PlayerDriver {
  private readonly cameras = new Map<string, CameraFrames>();
  private readonly canvases = new Map<string, Set<Drawable>>();
  private readonly listeners = new Set<PresentListener>();
  private readonly now: () => number;
  private readonly scheduler: FrameScheduler;
  private loadToken = 0;
  private seekController: AbortController | null = null;
  private stallController: AbortController | null = null;
  private resumeAfterSeek = false;
  private anchor: ClockAnchor = { time: 0, frame: 0 };
  private stalledOn = -1;
  private tickId: number | null = null;
  private direction: Direction = 0;

  constructor(
    private readonly store: PlayerStoreApi,
    private readonly options: EngineOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.scheduler = options.scheduler ?? browserScheduler;
    store.setState({ driver: this });
  }

  async load(episode: PlayableEpisode, mediaUrl: (mediaPath: string) => string): Promise<void> {
    this.stop();
    const token = ++this.loadToken;
    if (!this.emit('load')) return;
    const fps = episode.fps > 0 ? episode.fps : episode.cameras[0]?.fps || 30;
    this.store.setState({
      ...INITIAL_SNAPSHOT,
      state: 'loading',
      speed: this.store.getState().speed,
      episodeId: episode.id,
      length: episode.length,
      fps,
      cameras: episode.cameras.map(cameraStatusOf),
    });
    const opened = await Promise.allSettled(episode.cameras.map((c) => this.options.openCamera(c, mediaUrl(c.mediaPath))));
    if (token !== this.loadToken) {
      for (const result of opened) if (result.status === 'fulfilled') result.value.close();
      return;
    }
    opened.forEach((result, i) => {
      const camera = episode.cameras[i]!;
      if (result.status === 'fulfilled') {
        this.cameras.set(camera.name, result.value);
        this.setCameraStatus(camera.name, 'ready', null);
      } else {
        const error = toPlayerError(result.reason, 'demux', camera.name);
        this.setCameraStatus(camera.name, error.kind === 'unsupported-codec' ? 'unsupported' : 'error', error);
      }
    });
    const length = episode.length > 0 ? episode.length : Math.max(0, ...[...this.cameras.values()].map((c) => c.length));
    this.store.setState({ length });
    await this.whenReady(0, undefined);
    if (token !== this.loadToken) return;
    const statuses = this.store.getState().cameras;
    if (statuses.length > 0 && statuses.every((c) => c.status === 'error')) {
      this.emit('fail');
      this.store.setState({ error: statuses[0]!.error });
      return;
    }
    this.emit('loaded');
    this.present(0);
  }

  /** Closes the episode; the store goes back to idle. */
  unload(): void {
    this.stop();
    this.loadToken++;
    if (this.store.getState().state === 'idle') return;
    this.store.setState({ ...INITIAL_SNAPSHOT, speed: this.store.getState().speed });
  }

  /** Unloads and stops serving the store's commands. */
  dispose(): void {
    this.unload();
    if (this.store.getState().driver === this) this.store.setState({ driver: null });
  }

  /** Draws this camera's frames on `canvas` from now on; returns the function that stops it. */
  attachCanvas(camera: string, canvas: Drawable): () => void {
    const set = this.canvases.get(camera) ?? new Set();
    set.add(canvas);
    this.canvases.set(camera, set);
    const frames = this.cameras.get(camera);
    if (frames && isActive(this.store.getState().state)) frames.draw(this.store.getState().currentFrame, canvas);
    return () => {
      set.delete(canvas);
      if (set.size === 0) this.canvases.delete(camera);
    };
  }

  /** Called after a frame is drawn on every canvas; returns the unsubscribe function. */
  onPresent(listener: PresentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(): void {
    const { state, currentFrame, length } = this.store.getState();
    if (state === 'seeking') {
      this.resumeAfterSeek = true;
      return;
    }
    if (!transition(state, 'play')) return;
    if (currentFrame >= length - 1) {
      // Play at the end starts over, as video players do.
      this.seekTo(0, 1, true);
      return;
    }
    this.emit('play');
    this.startClock(currentFrame);
  }

  pause(): void {
    const { state, currentFrame } = this.store.getState();
    if (state === 'seeking') {
      this.resumeAfterSeek = false;
      return;
    }
    if (!this.emit('pause')) return;
    this.stopClock();
    this.direction = 0;
    for (const frames of this.cameras.values()) frames.setPlayhead(currentFrame, 0);
  }

  seek(frame: number, direction: Direction): void {
    const { state } = this.store.getState();
    this.seekTo(frame, direction, state === 'playing' || (state === 'seeking' && this.resumeAfterSeek));
  }

  private seekTo(frame: number, direction: Direction, resume: boolean): void {
    const { state, length } = this.store.getState();
    if (!isActive(state)) return;
    const target = clampFrame(frame, length);
    this.stopClock();
    this.seekController?.abort();
    this.seekController = null;
    this.direction = resume ? 1 : direction;
    for (const frames of this.cameras.values()) frames.setPlayhead(target, this.direction);
    if (this.allReady(target)) {
      this.finishSeek(target, resume);
      return;
    }
    this.resumeAfterSeek = resume;
    this.emit('seek');
    this.store.setState({ targetFrame: target });
    const controller = new AbortController();
    this.seekController = controller;
    void this.whenReady(target, controller.signal).then(() => {
      if (this.seekController !== controller || controller.signal.aborted) return;
      this.seekController = null;
      this.finishSeek(target, this.resumeAfterSeek);
    });
  }

  setSpeed(speed: number): void {
    const { state, currentFrame } = this.store.getState();
    if (state === 'playing') this.anchor = { time: this.now(), frame: currentFrame };
    this.store.setState({ speed });
  }

  private finishSeek(frame: number, resume: boolean): void {
    const state = this.store.getState().state;
    if (state === 'seeking') this.emit(resume ? 'resume' : 'settle');
    else if (resume && state !== 'playing') this.emit('play');
    this.present(frame);
    if (resume) this.startClock(frame);
  }

  /** Waits until every camera has `frame`; cameras that fail on the way are marked and left out. */
  private async whenReady(frame: number, signal: AbortSignal | undefined): Promise<void> {
    const entries = [...this.cameras.entries()];
    const results = await Promise.allSettled(entries.map(([, frames]) => frames.request(frame, signal)));
    results.forEach((result, i) => {
      if (result.status === 'rejected' && !isAbort(result.reason)) this.dropCamera(entries[i]![0], toPlayerError(result.reason, 'decode'));
    });
  }

  private allReady(frame: number): boolean {
    for (const frames of this.cameras.values()) if (!frames.error && !frames.has(frame)) return false;
    return true;
  }

  private startClock(frame: number): void {
    this.anchor = { time: this.now(), frame };
    this.stalledOn = -1;
    this.direction = 1;
    for (const frames of this.cameras.values()) frames.setPlayhead(frame, 1);
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.tickId === null) this.tickId = this.scheduler.request(this.tick);
  }

  private stopClock(): void {
    if (this.tickId !== null) this.scheduler.cancel(this.tickId);
    this.tickId = null;
    this.stallController?.abort();
    this.stallController = null;
  }

  private readonly tick = (now: number): void => {
    this.tickId = null;
    const { state, currentFrame, length, fps, speed, stats } = this.store.getState();
    if (state !== 'playing') return;
    for (const [name, frames] of this.cameras) if (frames.error) this.dropCamera(name, frames.error);
    const decision = decideTick({ anchor: this.anchor, now, fps, speed, current: currentFrame, length, ready: (f) => this.allReady(f) });
    if (decision.kind === 'end') {
      this.emit('end');
      return;
    }
    if (decision.kind === 'present') {
      this.stalledOn = -1;
      this.store.setState({ stats: { ...stats, presented: stats.presented + 1, dropped: stats.dropped + decision.dropped } });
      this.present(decision.frame);
    } else if (decision.kind === 'stall') {
      if (this.stalledOn !== decision.frame) {
        this.store.setState({ stats: { ...stats, late: stats.late + 1 } });
        // Ask for it outright: a request is also what makes a source flush a frame out of its decoder.
        this.stallController?.abort();
        this.stallController = new AbortController();
        for (const frames of this.cameras.values()) {
          if (!frames.has(decision.frame)) frames.request(decision.frame, this.stallController.signal).catch(() => undefined);
        }
      }
      this.stalledOn = decision.frame;
      this.anchor = anchorAfterStall(now, decision.frame);
    }
    this.scheduleTick();
  };

  private present(frame: number): void {
    for (const [name, frames] of this.cameras) {
      for (const canvas of this.canvases.get(name) ?? []) frames.draw(frame, canvas);
      frames.setPlayhead(frame, this.direction);
    }
    this.store.setState({ currentFrame: frame, targetFrame: frame });
    const at = this.now();
    for (const listener of this.listeners) listener(frame, at);
  }

  private dropCamera(name: string, error: PlayerError): void {
    const frames = this.cameras.get(name);
    if (!frames) return;
    frames.close();
    this.cameras.delete(name);
    this.setCameraStatus(name, error.kind === 'unsupported-codec' ? 'unsupported' : 'error', { ...error, camera: name });
  }

  private setCameraStatus(name: string, status: CameraStatus['status'], error: PlayerError | null): void {
    const cameras = this.store.getState().cameras.map((c) => (c.name === name ? { ...c, status, error } : c));
    this.store.setState({ cameras });
  }

  private emit(event: PlayerEvent): boolean {
    const next = transition(this.store.getState().state, event);
    if (!next) return false;
    this.store.setState({ state: next });
    return true;
  }

  private stop(): void {
    this.stopClock();
    this.seekController?.abort();
    this.seekController = null;
    this.resumeAfterSeek = false;
    for (const frames of this.cameras.values()) frames.close();
    this.cameras.clear();
    this.store.setState({ stats: EMPTY_STATS });
  }
}
