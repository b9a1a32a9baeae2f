/**
 * The import rules of the architecture guide. A wrong arrow fails `npm test`.
 * Each rule forbids a folder from reaching the folders it must not know about.
 */
const folder = (name) => `^src/${name}/`;
const forbid = (from, to, why) => ({
  name: `${from}-not-to-${to.join('-')}`,
  comment: why,
  severity: 'error',
  from: { path: folder(from) },
  to: { path: `^src/(${to.join('|')})/` },
});

module.exports = {
  forbidden: [
    forbid('shared', ['sim', 'core', 'worker', 'main', 'preload', 'server', 'cli', 'renderer'], 'shared imports nothing of ours'),
    forbid('sim', ['core', 'worker', 'main', 'preload', 'server', 'cli', 'renderer'], 'sim may import shared only'),
    forbid('core', ['worker', 'main', 'preload', 'server', 'cli', 'renderer'], 'core may import shared and sim only'),
    forbid('worker', ['core', 'main', 'preload', 'server', 'cli', 'renderer'], 'the worker talks to core by messages only'),
    forbid('main', ['sim', 'worker', 'preload', 'server', 'cli', 'renderer'], 'main reaches core and shared only'),
    forbid('server', ['sim', 'worker', 'main', 'preload', 'cli', 'renderer'], 'server reaches core and shared only'),
    // `st4vla serve` hosts the web shell, so the CLI may start the server (never the other way round).
    forbid('cli', ['sim', 'worker', 'main', 'preload', 'renderer'], 'cli reaches core, shared and the web server only'),
    // Node-only helpers that both core and the worker use (ffmpeg): they import shared only.
    forbid('node', ['sim', 'core', 'worker', 'main', 'preload', 'server', 'cli', 'renderer'], 'node helpers import shared only'),
    forbid('preload', ['sim', 'core', 'worker', 'main', 'server', 'cli', 'renderer'], 'preload exposes the contract, nothing else'),
    forbid('renderer', ['sim', 'core', 'worker', 'main', 'preload', 'server', 'cli'], 'renderer reaches the backend through the contract only'),
    {
      name: 'pure-code-no-node',
      comment: 'shared and sim run in the browser and workers too: no Node built-ins',
      severity: 'error',
      from: { path: '^src/(shared|sim)/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'editor-only-shared',
      comment: 'the annotation editor is tested without a UI: it imports only shared',
      severity: 'error',
      from: { path: '^src/renderer/editor/' },
      to: { path: '^src/renderer/(?!editor/)' },
    },
    {
      name: 'only-platform-touches-transport',
      comment: 'only renderer/platform reaches window.studio or the WebSocket client',
      severity: 'error',
      from: { path: '^src/renderer/', pathNot: '^src/renderer/platform/' },
      to: { path: '^src/renderer/platform/transports/' },
    },
    {
      name: 'features-not-each-other',
      comment: 'a feature may import everything but another feature',
      severity: 'error',
      from: { path: '^src/renderer/features/([^/]+)/' },
      to: { path: '^src/renderer/features/', pathNot: '^src/renderer/features/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
