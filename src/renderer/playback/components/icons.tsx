/** Transport icons as inline SVG: glyphs like ⏮ are missing from many system fonts. */

const props = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'currentColor', 'aria-hidden': true } as const;

export const FirstIcon = () => (
  <svg {...props}>
    <path d="M3 3h2v10H3zM14 3v10L6 8z" />
  </svg>
);

export const PreviousIcon = () => (
  <svg {...props}>
    <path d="M11 3v10L4 8z" />
  </svg>
);

export const PlayIcon = () => (
  <svg {...props}>
    <path d="M4 2.5v11L13.5 8z" />
  </svg>
);

export const PauseIcon = () => (
  <svg {...props}>
    <path d="M4 3h3v10H4zM9 3h3v10H9z" />
  </svg>
);

export const NextIcon = () => (
  <svg {...props}>
    <path d="M5 3v10l7-5z" />
  </svg>
);

export const LastIcon = () => (
  <svg {...props}>
    <path d="M11 3h2v10h-2zM2 3v10l8-5z" />
  </svg>
);
