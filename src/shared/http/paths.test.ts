import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeOf, decodeStaticPath, mediaPathFromUrlPath } from './paths';

describe('path helpers', () => {
  it('types media by extension', () => {
    expect(contentTypeOf('/a/b/episode_000001.MP4')).toBe('video/mp4');
    expect(contentTypeOf('thumb.jpg')).toBe('image/jpeg');
    expect(contentTypeOf('/x.y/noext')).toBe('application/octet-stream');
    expect(contentTypeOf('ort.wasm')).toBe('application/wasm');
  });

  it('decodes the media path and refuses what is not under /media/', () => {
    expect(mediaPathFromUrlPath('/media/episode/3/observation.images.top')).toBe('episode/3/observation.images.top');
    expect(mediaPathFromUrlPath('/media/thumb/a%20b')).toBe('thumb/a b');
    expect(mediaPathFromUrlPath('/assets/x.js')).toBeNull();
    expect(mediaPathFromUrlPath('/media/')).toBeNull();
    expect(mediaPathFromUrlPath('/media/%E0%A4%A')).toBeNull();
  });

  it('decodes static paths and caches only hashed assets for ever', () => {
    expect(decodeStaticPath('/a%20b.js')).toBe('/a b.js');
    expect(decodeStaticPath('/%00')).toBeNull();
    expect(cacheControlFor('/assets/index-abc.js')).toContain('immutable');
    expect(cacheControlFor('/index.html')).toBe('no-cache');
  });
});
