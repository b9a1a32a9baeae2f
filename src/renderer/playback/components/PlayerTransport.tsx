import type { PlayerSnapshot } from '../store';
import { Timeline, type TimelineMarker } from './Timeline';
import { TransportBar } from './TransportBar';

export interface PlayerTransportProps {
  player: Pick<PlayerSnapshot, 'state' | 'currentFrame' | 'targetFrame' | 'length' | 'fps' | 'speed'>;
  onToggle(): void;
  onStep(delta: number): void;
  onSeek(frame: number): void;
  onSpeed(speed: number): void;
  markers?: TimelineMarker[];
}

/** A player's timeline and transport bar, both showing where a seek is heading while it decodes. */
export function PlayerTransport({ player, markers, onToggle, onStep, onSeek, onSpeed }: PlayerTransportProps) {
  const seeking = player.state === 'seeking';
  return (
    <>
      <Timeline
        length={player.length}
        currentFrame={player.currentFrame}
        targetFrame={seeking ? player.targetFrame : undefined}
        fps={player.fps}
        onSeek={onSeek}
        markers={markers}
      />
      <TransportBar
        state={player.state}
        currentFrame={seeking ? player.targetFrame : player.currentFrame}
        length={player.length}
        fps={player.fps}
        speed={player.speed}
        onToggle={onToggle}
        onStep={onStep}
        onSeek={onSeek}
        onSpeed={onSpeed}
      />
    </>
  );
}
