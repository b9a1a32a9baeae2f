import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LabelClass } from '../../../shared/contract/domain';
import { getStudioClient } from '../../platform/client';
import { playerStore } from '../../playback';
import { AnnotateSession } from './session';

/** One id per window, so the backend's change events can be told apart from this window's own echo. */
const WINDOW_CLIENT_ID = `window-${globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`}`;

const noSubscribe = () => () => {};

/** The session of the open episode, re-rendering on each of its changes; null until created. */
export function useAnnotateSession(episodeId: number, length: number): AnnotateSession | null {
  const [session, setSession] = useState<AnnotateSession | null>(null);
  useEffect(() => {
    const created = new AnnotateSession({
      client: getStudioClient(),
      episodeId,
      length,
      clientId: WINDOW_CLIENT_ID,
      seek: (frame) => playerStore.getState().seek(frame),
    });
    const stop = created.start();
    setSession(created);
    return () => {
      stop();
      setSession(null);
    };
  }, [episodeId, length]);
  useSyncExternalStore(session?.subscribe ?? noSubscribe, () => session?.version ?? -1);
  return session;
}

/** The project's label classes, following edits made anywhere. */
export function useLabelClasses(): LabelClass[] {
  const [labels, setLabels] = useState<LabelClass[]>([]);
  useEffect(() => {
    const client = getStudioClient();
    let live = true;
    const load = () =>
      client.call('labels.list', {}).then(
        (list) => live && setLabels(list),
        // Without classes every shape is drawn unlabelled; annotating still works.
        () => undefined,
      );
    void load();
    const off = client.on('labels.changed', () => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return labels;
}
