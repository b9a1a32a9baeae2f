/** A folder or file path on the studio's machine, typed, with the native chooser beside it where there is one (Electron). */
import type { InputHTMLAttributes } from 'react';
import { Button } from './Button';

export interface PathFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  label: string;
  value: string;
  onChange(value: string): void;
  /** The native "Choose…" button; null in web mode, where the form shows the server-side folder browser. */
  onChoose: (() => void) | null;
}

export function PathField({ label, value, onChange, onChoose, disabled, ...input }: PathFieldProps) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <div className="path-field">
        <input className="input mono" spellCheck={false} {...input} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
        {onChoose && (
          <Button onClick={onChoose} disabled={disabled}>
            Choose…
          </Button>
        )}
      </div>
    </label>
  );
}
