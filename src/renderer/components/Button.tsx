import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'default' | 'primary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** A keyboard shortcut shown inside the button, so shortcuts are learnt by looking. */
  shortcut?: string;
  icon?: ReactNode;
}

export function Button({ variant = 'default', size = 'md', shortcut, icon, className, children, type, ...rest }: ButtonProps) {
  const classes = ['btn', `btn--${variant}`, `btn--${size}`, className].filter(Boolean).join(' ');
  return (
    <button type={type ?? 'button'} className={classes} {...rest}>
      {icon && <span className="btn__icon" aria-hidden>{icon}</span>}
      {children}
      {shortcut && <kbd className="kbd btn__kbd">{shortcut}</kbd>}
    </button>
  );
}
