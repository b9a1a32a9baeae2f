import type { StudioBridge, StudioShellBridge } from './api';

/**
 * What the Electron preload puts on window. Both are absent in web mode, which is how the renderer's
 * platform layer tells the shells apart.
 */
declare global {
  interface Window {
    studio?: StudioBridge;
    studioShell?: StudioShellBridge;
  }
}

export {};
