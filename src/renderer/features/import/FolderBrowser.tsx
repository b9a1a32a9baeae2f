import { useEffect, useState } from 'react';
import type { DirListing } from '../../../shared/contract/domain';
import { ErrorNotice, toErrorView } from '../../components/ErrorNotice';
import { getStudioClient } from '../../platform/client';
import { looksLikeLeRobot, parentPath, sortEntries } from './importStore';

export interface FolderBrowserProps {
  /** The path field's text: the browser follows it as the user types (the backend's default when empty). */
  path: string;
  /** Called with every folder the user enters, so the path field follows the browser. */
  onPick(path: string): void;
}

const FOLLOW_TYPING_MS = 250;

/**
 * Web mode's folder picker: the browser cannot open a native dialog on the machine the studio runs on,
 * so the backend lists folders (`fs.list`) and this walks them. Entering a folder picks it.
 */
export function FolderBrowser({ path, onPick }: FolderBrowserProps) {
  const [listing, setListing] = useState<DirListing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState<string | undefined>(path.trim() || undefined);
  // Until the user clicks, the browser follows the typed path; a path that does not exist (yet) opens
  // its nearest existing parent instead of an error.
  const [userNavigated, setUserNavigated] = useState(false);

  useEffect(() => {
    let live = true;
    getStudioClient()
      .call('fs.list', target ? { path: target } : {})
      .then(
        (l) => {
          if (!live) return;
          setListing(l);
          setError(null);
        },
        (e: unknown) => {
          if (!live) return;
          if (!userNavigated && target) setTarget(parentPath(target));
          else setError(e);
        },
      );
    return () => {
      live = false;
    };
  }, [target, userNavigated]);

  useEffect(() => {
    const typed = path.trim();
    if (!typed || typed === listing?.path) return;
    const timer = setTimeout(() => {
      setUserNavigated(false);
      setTarget(typed);
    }, FOLLOW_TYPING_MS);
    return () => clearTimeout(timer);
  }, [path, listing?.path]);

  const enter = (path: string) => {
    setUserNavigated(true);
    setTarget(path);
    onPick(path);
  };
  const isDataset = looksLikeLeRobot(listing);

  return (
    <div className="folder-browser">
      <div className="folder-browser__bar">
        <button type="button" className="btn btn--sm" disabled={!listing?.parent} onClick={() => listing?.parent && enter(listing.parent)}>
          ↑ Up
        </button>
        <span className="folder-browser__path mono" title={listing?.path}>{listing?.path ?? '…'}</span>
        {isDataset && <span className="badge badge--ok">LeRobot dataset</span>}
      </div>
      {error ? <ErrorNotice error={toErrorView(error, 'Cannot list this folder')} /> : null}
      <ul className="folder-browser__list" role="listbox" aria-label="Folders">
        {listing &&
          sortEntries(listing.entries).map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                className={`folder-browser__entry${entry.isDir ? '' : ' is-file'}`}
                disabled={!entry.isDir}
                onClick={() => enter(entry.path)}
              >
                <span className="folder-browser__icon" aria-hidden>{entry.isDir ? '▸' : '·'}</span>
                {entry.name}
              </button>
            </li>
          ))}
        {listing && listing.entries.length === 0 && <li className="folder-browser__empty muted">Empty folder</li>}
      </ul>
    </div>
  );
}
