import type { Unsubscribe } from '../../shared/contract/define';
import type { Dispatch } from './dispatch';
import type { EventListener } from './events';

/**
 * What every shell (Electron main, the web server, the CLI) holds: the backend behind the contract.
 * Shells only carry calls, events and media bytes; all behaviour lives behind this.
 */
export interface Studio {
  /** Validates and runs one contract call. */
  dispatch: Dispatch;
  /** Receives every contract event. */
  subscribe(listener: EventListener): Unsubscribe;
  /**
   * Maps a media path to the absolute path of a file that the shell may stream: a camera's `mediaPath`
   * from episodes.get (`episode/<id>/<camera>/<version>`, the video) or `thumb/<episodeId>` (a small JPEG, made on
   * first request). Null when the path names nothing in the open project: never an arbitrary file.
   */
  resolveMedia(mediaPath: string): Promise<string | null>;
  close(): Promise<void>;
}
