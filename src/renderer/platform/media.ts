/**
 * The URL of a media path (a camera's `mediaPath` from episodes.get, or `thumb/<episodeId>`). Both
 * shells serve media on the page's own origin under /media/: the web server directly, Electron through
 * its app protocol. One origin means the player's ranged fetches need no CORS under COEP.
 */
export function mediaUrl(mediaPath: string): string {
  return '/media/' + mediaPath.split('/').map(encodeURIComponent).join('/');
}
