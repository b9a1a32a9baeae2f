/**
 * The one place that finds and runs ffmpeg/ffprobe. The system's build is preferred (it is usually
 * newer and has more codecs); the static build in @ffmpeg-installer/ffmpeg is the fallback so that a
 * machine without ffmpeg can still write videos. That package ships no ffprobe, so probing falls back
 * to decoding with ffmpeg itself.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

export class FfmpegError extends Error {
  constructor(message: string, readonly stderr = '') {
    super(stderr ? `${message}\nffmpeg said: ${stderr.trim()}` : message);
    this.name = 'FfmpegError';
  }
}

export interface MediaTools {
  ffmpeg: string;
  /** Null when only the bundled ffmpeg was found; probing then decodes with ffmpeg. */
  ffprobe: string | null;
  source: 'system' | 'bundled';
}

const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name: string, pathVariable = process.env.PATH ?? ''): string | null {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exe(name));
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function bundledFfmpeg(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const found = require('@ffmpeg-installer/ffmpeg') as { path: string };
    return isExecutable(found.path) ? found.path : null;
  } catch {
    // The package throws for platforms it has no binary for; that is "not found", not a crash.
    return null;
  }
}

const cache = new Map<string, MediaTools>();

/** Finds ffmpeg (PATH first, then the npm package) and ffprobe (PATH, or beside the ffmpeg found). */
export function locateMediaTools(pathVariable = process.env.PATH ?? ''): MediaTools {
  const cached = cache.get(pathVariable);
  if (cached) return cached;
  let tools: MediaTools;
  const systemFfmpeg = findOnPath('ffmpeg', pathVariable);
  if (systemFfmpeg) {
    const sibling = join(dirname(systemFfmpeg), exe('ffprobe'));
    tools = {
      ffmpeg: systemFfmpeg,
      ffprobe: findOnPath('ffprobe', pathVariable) ?? (isExecutable(sibling) ? sibling : null),
      source: 'system',
    };
  } else {
    const bundled = bundledFfmpeg();
    if (!bundled) {
      throw new FfmpegError(
        'ffmpeg not found: it is not on PATH and @ffmpeg-installer/ffmpeg has no binary for ' +
          `${process.platform}-${process.arch}. Install ffmpeg (e.g. apt-get install ffmpeg).`,
      );
    }
    tools = { ffmpeg: bundled, ffprobe: findOnPath('ffprobe', pathVariable), source: 'bundled' };
  }
  cache.set(pathVariable, tools);
  return tools;
}

/** Keeps the end of a process's stderr: the last lines are the ones that explain a failure. */
class StderrTail {
  private text = '';
  constructor(private readonly limit = 4000) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }
  toString(): string {
    return this.text;
  }
}

export function runTool(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const stderr = new StderrTail(16000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => reject(new FfmpegError(`cannot run ${command}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr: stderr.toString() });
      else reject(new FfmpegError(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`, stderr.toString()));
    });
  });
}

export interface VideoInfo {
  codec: string;
  pixFmt: string;
  width: number;
  height: number;
  /** Frames counted by decoding, not the container's claim. */
  frames: number;
}

/** Decodes the first video stream and reports what it holds. */
export async function probeVideo(path: string, tools = locateMediaTools()): Promise<VideoInfo> {
  if (!tools.ffprobe) return probeWithFfmpeg(path, tools.ffmpeg);
  const { stdout } = await runTool(tools.ffprobe, [
    '-v', 'error', '-select_streams', 'v:0', '-count_frames',
    '-show_entries', 'stream=codec_name,pix_fmt,width,height,nb_read_frames', '-of', 'json', path,
  ]);
  const stream = (JSON.parse(stdout) as { streams?: Record<string, unknown>[] }).streams?.[0];
  if (!stream) throw new FfmpegError(`no video stream in ${path}`);
  const { codec_name, pix_fmt, width, height, nb_read_frames } = stream;
  return { codec: String(codec_name), pixFmt: String(pix_fmt), width: Number(width), height: Number(height), frames: Number(nb_read_frames) };
}

export async function probeFrameCount(path: string, tools = locateMediaTools()): Promise<number> {
  return (await probeVideo(path, tools)).frames;
}

async function probeWithFfmpeg(path: string, ffmpeg: string): Promise<VideoInfo> {
  const { stderr } = await runTool(ffmpeg, ['-hide_banner', '-nostdin', '-i', path, '-map', '0:v:0', '-f', 'null', '-']);
  const stream = /Stream #\S+: Video: (\w+)[^,]*, (\w+)[^,]*(?:\([^)]*\))?, (\d+)x(\d+)/.exec(stderr);
  const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].pop();
  if (!stream || !frames) throw new FfmpegError(`cannot read the video stream of ${path}`, stderr);
  return { codec: stream[1]!, pixFmt: stream[2]!, width: Number(stream[3]), height: Number(stream[4]), frames: Number(frames[1]) };
}

export interface Mp4EncoderOptions {
  /**
   * One mp4 per entry. With several, each frame holds their images stacked top to bottom and one
   * ffmpeg process crops and encodes them all: half the process start-ups for two cameras.
   */
  outputs: string[];
  /** Size of one output's image. */
  width: number;
  height: number;
  fps: number;
  /** Keyframe interval in frames: short enough that seeking to any frame decodes few others. */
  gop?: number;
  crf?: number;
  /** x264 threads per output; small values keep several encoders from fighting over a few cores. */
  threads?: number;
  /** Frames that may wait in the pipe before writeFrame blocks: lets rendering run ahead of encoding. */
  maxQueuedFrames?: number;
  tools?: MediaTools;
}

function encoderArgs(o: Mp4EncoderOptions): string[] {
  const { width, height, outputs } = o;
  const input = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height * outputs.length}`, '-r', String(o.fps), '-i', '-'];
  // ffmpeg converts RGB with the BT.601 matrix; tagging it (and sRGB's primaries and curve) lets
  // players that honour tags, browsers included, show the colours that were rendered.
  const colour = ['-colorspace', 'smpte170m', '-color_primaries', 'bt709', '-color_trc', 'iec61966-2-1', '-color_range', 'tv'];
  const encode = [
    '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(o.crf ?? 20), '-pix_fmt', 'yuv420p', ...colour,
    '-g', String(o.gop ?? 10), '-bf', '0', ...(o.threads ? ['-threads', String(o.threads)] : []), '-movflags', '+faststart',
  ];
  const common = ['-hide_banner', '-loglevel', 'error', '-y', ...input];
  if (outputs.length === 1) return [...common, ...encode, outputs[0]!];
  const labels = outputs.map((_, i) => `[v${i}]`);
  const crops = outputs.map((_, i) => `[t${i}]crop=${width}:${height}:0:${i * height}${labels[i]}`);
  const graph = `[0:v]split=${outputs.length}${outputs.map((_, i) => `[t${i}]`).join('')};${crops.join(';')}`;
  return [...common, '-filter_complex', graph, ...outputs.flatMap((out, i) => ['-map', labels[i]!, ...encode, out])];
}

/**
 * Streams raw RGB frames into an ffmpeg process writing H.264 yuv420p mp4. writeFrame waits once a few
 * frames are queued, so a fast renderer runs a little ahead of the encoder but never queues a whole
 * episode in memory.
 */
export class Mp4Encoder {
  private readonly child;
  private readonly stderr = new StderrTail();
  private readonly tileBytes: number;
  private readonly frameBytes: number;
  private readonly exited: Promise<void>;
  private readonly name: string;
  private readonly spare: Buffer[] = [];
  private failure: FfmpegError | null = null;
  private framesWritten = 0;
  private finishing = false;

  constructor(private readonly options: Mp4EncoderOptions) {
    const { width, height, outputs } = options;
    this.name = outputs.join(', ');
    if (outputs.length === 0) throw new FfmpegError('an encoder needs at least one output file');
    if (width % 2 !== 0 || height % 2 !== 0) {
      throw new FfmpegError(`H.264 yuv420p needs even frame sizes, got ${width}x${height} for ${this.name}`);
    }
    this.tileBytes = width * height * 3;
    this.frameBytes = this.tileBytes * outputs.length;
    const tools = options.tools ?? locateMediaTools();
    this.child = spawn(tools.ffmpeg, encoderArgs(options), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    // EPIPE after ffmpeg died is reported through the exit code; the stream error itself says less.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.failure ??= new FfmpegError(`cannot start ffmpeg (${tools.ffmpeg}): ${err.message}`);
        resolve();
      });
      this.child.on('close', (code, signal) => {
        if (code !== 0 && !this.failure) {
          const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
          this.failure = new FfmpegError(`ffmpeg ${why} while writing ${this.name}`, this.stderr.toString());
        } else if (code === 0 && !this.finishing && !this.failure) {
          this.failure = new FfmpegError(`ffmpeg stopped early while writing ${this.name}`, this.stderr.toString());
        }
        resolve();
      });
    });
  }

  get frames(): number {
    return this.framesWritten;
  }

  /** Queues one frame (copied, so the caller may reuse its buffer) and waits while the pipe is full. */
  writeFrame(rgb: Uint8Array): Promise<void> {
    return this.writeTiles([rgb]);
  }

  /** Queues one frame given as its tiles (one per output, or the whole stack as one) in output order. */
  async writeTiles(tiles: Uint8Array[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.finishing) throw new FfmpegError(`frame written after finish() for ${this.name}`);
    const bytes = tiles.reduce((sum, t) => sum + t.length, 0);
    const tileSizesOk = tiles.length === 1 || tiles.every((t) => t.length === this.tileBytes);
    if (bytes !== this.frameBytes || !tileSizesOk) {
      const { width, height, outputs } = this.options;
      throw new FfmpegError(
        `frame ${this.framesWritten} for ${this.name} has ${tiles.map((t) => t.length).join(' + ')} bytes, expected ` +
          `${outputs.length > 1 ? `${outputs.length} x ` : ''}${this.tileBytes} (${width}x${height} RGB)`,
      );
    }
    // Frames are large; reusing the buffers ffmpeg has read spares the garbage collector.
    const frame = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.frameBytes);
    let offset = 0;
    for (const tile of tiles) {
      frame.set(tile, offset);
      offset += tile.length;
    }
    this.framesWritten++;
    const stdin = this.child.stdin;
    stdin.write(frame, () => this.spare.length < 8 && this.spare.push(frame));
    if (stdin.writableLength <= (this.options.maxQueuedFrames ?? 4) * this.frameBytes) return;
    await Promise.race([new Promise<void>((resolve) => stdin.once('drain', resolve)), this.exited]);
    if (this.failure) throw this.failure;
  }

  /** Closes the input and waits for ffmpeg to write the files. */
  async finish(): Promise<void> {
    this.finishing = true;
    if (this.framesWritten === 0 && !this.failure) {
      this.abort();
      throw new FfmpegError(`no frames were written for ${this.name}`);
    }
    this.child.stdin.end();
    await this.exited;
    if (this.failure) throw this.failure;
  }

  /** Stops ffmpeg at once; partial outputs are the caller's to delete. */
  abort(): void {
    this.finishing = true;
    this.failure ??= new FfmpegError(`encoding of ${this.name} was aborted`);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
