import { describe, expect, it } from 'vitest';
import { formatTemplate, TemplateError } from './template';

describe('formatTemplate', () => {
  it('pads integers the way Python str.format does', () => {
    const t = 'data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet';
    expect(formatTemplate(t, { episode_chunk: 1, episode_index: 1042 })).toBe('data/chunk-001/episode_001042.parquet');
  });

  it('inserts plain placeholders as text', () => {
    expect(formatTemplate('videos/{video_key}/x.mp4', { video_key: 'observation.images.top' })).toBe(
      'videos/observation.images.top/x.mp4',
    );
  });

  it('rejects unknown placeholders and non-integers in integer slots', () => {
    expect(() => formatTemplate('{nope:03d}', {})).toThrow(TemplateError);
    expect(() => formatTemplate('{a:03d}', { a: 'x' })).toThrow(TemplateError);
    expect(() => formatTemplate('{a!r}', { a: 1 })).toThrow(TemplateError);
  });
});
