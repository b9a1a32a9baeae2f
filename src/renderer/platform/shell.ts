/**
 * Native services of the desktop shell. In web mode there are none: `pickFolder` answers null and the
 * UI shows its path field and the server-side folder browser (`fs.list`) instead.
 */
export function hasNativeDialogs(): boolean {
  return typeof window !== 'undefined' && window.studioShell !== undefined;
}

export async function pickFolder(): Promise<string | null> {
  if (!hasNativeDialogs()) return null;
  return window.studioShell!.pickFolder();
}
