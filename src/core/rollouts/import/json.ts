/**
 * Reading JSON that Python wrote. `json.dump` writes NaN, Infinity and -Infinity as bare words (lerobot-eval
 * does for a task with no episodes), which JSON.parse refuses; outside strings they are read as null.
 */
import { readFileSync } from 'node:fs';
import { RolloutImportError } from './errors';

const NON_FINITE = /^(?:NaN|-?Infinity)/;

export function parsePythonJson(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    const word = ch === 'N' || ch === 'I' || ch === '-' ? NON_FINITE.exec(text.slice(i, i + 9)) : null;
    if (word) {
      out += 'null';
      i += word[0].length - 1;
    } else {
      out += ch;
    }
  }
  return JSON.parse(out);
}

/** The file's JSON, or an import error naming it. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RolloutImportError(file, `cannot be read (${(error as Error).message})`);
  }
  try {
    return parsePythonJson(text);
  } catch (error) {
    throw new RolloutImportError(file, `is not valid JSON (${(error as Error).message})`);
  }
}
