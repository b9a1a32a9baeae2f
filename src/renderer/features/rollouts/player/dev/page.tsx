/**
 * Dev and test entry, not part of the app bundle: the rollout player alone on a page, against the real backend over the web shell's WebSocket: the
 * Rollouts page that will host it belongs to another branch. The hash picks what to show:
 * `#rollout=3&step=12&compare=rollout:4` (compare also takes `episode:<id>`).
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../../../app/theme.css';
import '../../../../components/components.css';
import { getStudioClient } from '../../../../platform/client';
import { RolloutPlayer } from '../RolloutPlayer';
import { parseTargetKey } from '../compareTarget';

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const rollout = Number(params.get('rollout'));
  const step = params.get('step');
  return { rollout: Number.isInteger(rollout) && rollout > 0 ? rollout : null, step: step ? Number(step) : undefined, compare: parseTargetKey(params.get('compare') ?? '') };
}

function Page() {
  const [view, setView] = useState(readHash);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    // The harness waits for the page's first answer from the backend before handing it to the test.
    void getStudioClient().call('app.info', {}).then(() => setConnected(true));
    const onHash = () => setView(readHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (!connected || view.rollout === null) return <p data-testid="waiting">No rollout chosen.</p>;
  return (
    <div style={{ height: '100vh' }}>
      <RolloutPlayer key={`${view.rollout}/${location.hash}`} rolloutId={view.rollout} startStep={view.step} compareWith={view.compare} />
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
