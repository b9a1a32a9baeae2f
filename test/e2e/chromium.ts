/** Debian's Chromium, launched quiet and reproducible: no network chatter, no GPU, no first-run UI. */
export const CHROMIUM_PATH = process.env.ST4VLA_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
