import type { ElectronPreload } from './electron-env';
import { createBridges } from './bridge';

// A sandboxed preload gets a reduced `require` that can load 'electron' and nothing of Node.
const { contextBridge, ipcRenderer } = require('electron') as ElectronPreload;
const { studio, studioShell } = createBridges(ipcRenderer);
contextBridge.exposeInMainWorld('studio', studio);
contextBridge.exposeInMainWorld('studioShell', studioShell);
