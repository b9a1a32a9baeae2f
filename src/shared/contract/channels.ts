/**
 * The only IPC channel names. Calls and events each travel on one channel carrying contract method and
 * event names, so a new contract member needs no new channel; the preload allowlists exactly these.
 */
export const IPC_CALL_CHANNEL = 'studio:call';
export const IPC_EVENT_CHANNEL = 'studio:event';
/** Native shell services that are not backend calls (the folder dialog); kept out of the contract. */
export const IPC_PICK_FOLDER_CHANNEL = 'studio-shell:pick-folder';

/** What the preload sends on IPC_CALL_CHANNEL. */
export interface IpcCall {
  method: string;
  params: unknown;
}

/** What main sends on IPC_EVENT_CHANNEL. */
export interface IpcEvent {
  event: string;
  payload: unknown;
}
