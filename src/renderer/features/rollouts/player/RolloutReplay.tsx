import { useState } from 'react';
import type { CompareTarget } from './compareTarget';
import { RolloutPlayer } from './RolloutPlayer';

/** The player as the Rollouts page hosts it: what it is compared with is chosen in its own picker and kept here. */
export function RolloutReplay({ rolloutId, startStep }: { rolloutId: number; startStep: number | null }) {
  const [compareWith, setCompareWith] = useState<CompareTarget | null>(null);
  return <RolloutPlayer key={`${rolloutId}:${startStep ?? 0}`} rolloutId={rolloutId} startStep={startStep ?? undefined} compareWith={compareWith} onCompareChange={setCompareWith} />;
}
