import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listBuiltInDefinitions, loadDefinition, parseDefinition, shownFamilies } from './definition';
import { expandDefinition } from './expand';

const base = { seed: 1, episodes: 8, families: ['pick', 'place'], resolution: { width: 128, height: 128 } };
const dir = mkdtempSync(join(tmpdir(), 'st4vla-defs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseDefinition', () => {
  it('normalises lists and weights in the sim order, defaulting to in_distribution', () => {
    const d = parseDefinition({ ...base, families: { place: 3, pick: 1, push: 0 } }, 'x.json');
    expect(d.name).toBe('x');
    expect(d.families).toEqual([{ family: 'pick', weight: 0.25 }, { family: 'place', weight: 0.75 }]);
    expect(d.variants).toEqual([{ variant: 'in_distribution', weight: 1 }]);
  });

  it.each([
    [{ families: ['pick', 'grasp'] }, 'unknown task family "grasp"; expected one of: pick, place, near, push'],
    [{ variants: { in_distribution: 1, sunny: 2 } }, 'unknown variant "sunny"'],
    [{ families: ['pick', 'pick'] }, 'task family "pick" is listed twice'],
    [{ families: { pick: 0 } }, 'the task family weights must not all be 0'],
    [{ episodes: 0 }, 'episodes: episodes must be at least 1'],
    [{ episodes: 2.5 }, 'episodes: episodes must be an integer'],
    [{ episodes: 1e6 }, 'episodes: episodes must be at most 100000'],
    [{ resolution: { width: 127, height: 128 } }, 'resolution.width: width must be even'],
    [{ resolution: { width: 128, height: 8 } }, 'resolution.height: height must be at least 16'],
    [{ seed: -1 }, 'seed: seed must be >= 0'],
    [{ cameras: 2 }, 'Unrecognized key: "cameras"'],
  ])('rejects %j with a message naming it', (patch, message) => {
    expect(() => parseDefinition({ ...base, ...patch }, 'bad.json')).toThrow(message);
    expect(() => parseDefinition({ ...base, ...patch }, 'bad.json')).toThrow(/bad\.json/);
  });
});

describe('loadDefinition', () => {
  it('loads the built-in definitions by name', () => {
    expect(listBuiltInDefinitions()).toEqual(expect.arrayContaining(['sample', 'train-400']));
    const sample = loadDefinition('sample');
    expect(sample).toMatchObject({ name: 'sample', episodes: 40, resolution: { width: 320, height: 240 } });
    expect(sample.families.map((f) => f.family)).toEqual(['pick', 'place', 'near', 'push']);
    expect(loadDefinition('train-400')).toMatchObject({ episodes: 400, resolution: { width: 128, height: 128 } });
    for (const name of listBuiltInDefinitions()) expect(() => loadDefinition(name)).not.toThrow();
  });

  it('tells which task families a definition shows, null for all of them', () => {
    expect(shownFamilies(loadDefinition('sample'))).toBeNull();
    expect(shownFamilies(parseDefinition({ ...base, families: ['push', 'pick'] }, 'two.json'))).toEqual(['pick', 'push']);
    // A family of weight 0 is not shown.
    expect(shownFamilies(parseDefinition({ ...base, families: { place: 3, pick: 1, push: 0 } }, 'x.json'))).toEqual(['pick', 'place']);
  });

  it('names the missing definition and lists the known ones', () => {
    expect(() => loadDefinition('nope')).toThrow(/cannot read dataset definition "nope".*ENOENT; built-in definitions: .*sample/);
  });

  it('loads a file by path and reports bad JSON with the path', () => {
    const good = join(dir, 'mine.json');
    writeFileSync(good, JSON.stringify(base));
    expect(loadDefinition(good).name).toBe('mine');
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{ "seed": 1,');
    expect(() => loadDefinition(bad)).toThrow(`dataset definition ${bad} is not valid JSON`);
  });
});

describe('expandDefinition', () => {
  it('deals the mix evenly and gives each episode its own seed', () => {
    const specs = expandDefinition(parseDefinition({ ...base, families: ['pick', 'place', 'near', 'push'], episodes: 40 }));
    const count = (f: string) => specs.filter((s) => s.family === f).length;
    expect(['pick', 'place', 'near', 'push'].map(count)).toEqual([10, 10, 10, 10]);
    expect(new Set(specs.map((s) => s.seed)).size).toBe(40);
    expect(specs.map((s) => s.episodeIndex)).toEqual([...Array(40).keys()]);
  });

  it('follows weights across families and variants, and keeps a prefix when growing', () => {
    const def = parseDefinition({ ...base, families: { pick: 3, place: 1 }, variants: ['in_distribution', 'new_background'], episodes: 16 });
    const specs = expandDefinition(def);
    const cell = (f: string, v: string) => specs.filter((s) => s.family === f && s.variant === v).length;
    expect([cell('pick', 'in_distribution'), cell('pick', 'new_background'), cell('place', 'in_distribution'), cell('place', 'new_background')]).toEqual([6, 6, 2, 2]);
    expect(expandDefinition({ ...def, episodes: 32 }).slice(0, 16)).toEqual(specs);
  });
});
