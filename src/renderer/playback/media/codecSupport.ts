/**
 * Whether this browser can decode a track, asked of WebCodecs itself: the answer differs between
 * Chromium builds (proprietary codecs, HEVC only with some GPUs), so no static list can give it.
 */
import type { PlayerError } from '../errors';

const CODEC_NAMES: Array<[prefix: string, name: string]> = [
  ['avc1', 'H.264'],
  ['avc3', 'H.264'],
  ['hvc1', 'HEVC (H.265)'],
  ['hev1', 'HEVC (H.265)'],
  ['av01', 'AV1'],
  ['vp09', 'VP9'],
  ['vp08', 'VP8'],
  ['mp4v', 'MPEG-4 Part 2'],
];

/** A name people know for a codec string ("avc1.64001e" → "H.264"); unknown ones as they are. */
export function codecName(codec: string): string {
  const lower = codec.toLowerCase();
  for (const [prefix, name] of CODEC_NAMES) if (lower.startsWith(prefix) || lower === name.toLowerCase()) return name;
  if (lower === 'h264') return 'H.264';
  if (lower === 'hevc' || lower === 'h265') return 'HEVC (H.265)';
  if (lower === 'mpeg4') return 'MPEG-4 Part 2';
  return codec;
}

export function unsupportedCodec(codec: string, camera?: string): PlayerError {
  return {
    kind: 'unsupported-codec',
    codec,
    camera,
    message: `This browser cannot decode ${codecName(codec)} video. Transcode it to a format it can play.`,
  };
}

/** Null when the decoder can take this configuration, else the error to show. */
export async function checkDecoderSupport(config: VideoDecoderConfig, camera?: string): Promise<PlayerError | null> {
  if (typeof VideoDecoder === 'undefined') {
    return { ...unsupportedCodec(config.codec, camera), message: 'This browser has no WebCodecs video decoder (it needs a secure context such as localhost).' };
  }
  try {
    const { supported } = await VideoDecoder.isConfigSupported(config);
    return supported ? null : unsupportedCodec(config.codec, camera);
  } catch {
    // A codec string the browser cannot even parse (e.g. "mp4v.20.9") throws instead of answering.
    return unsupportedCodec(config.codec, camera);
  }
}
