import type { SignalData } from '../../../../shared/contract/domain';
import type { FrameSource } from '../../../components/SignalPlot/SignalPlot';
import { signalPrefsStore, useSignalPrefs } from './signalPrefs';
import { SignalsPanelView } from './SignalsPanelView';

/** The signals panel bound to the remembered layout preferences. */
export function SignalsPanel({ signals, frame, onSeek, episodeKey }: {
  signals: SignalData[];
  frame: FrameSource;
  onSeek(frame: number): void;
  episodeKey: string | number;
}) {
  const mode = useSignalPrefs((s) => s.mode);
  const hidden = useSignalPrefs((s) => s.hidden);
  const scale = useSignalPrefs((s) => s.scale);
  const prefs = signalPrefsStore.getState();
  return (
    <SignalsPanelView
      signals={signals}
      frame={frame}
      onSeek={onSeek}
      episodeKey={episodeKey}
      mode={mode}
      scale={scale}
      hidden={hidden}
      onMode={prefs.setMode}
      onScale={prefs.setScale}
      onToggle={prefs.toggle}
      onSolo={prefs.solo}
      onShowAll={prefs.showAll}
      onHideAll={prefs.hideAll}
    />
  );
}
