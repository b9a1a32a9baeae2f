import { Dialog } from '../components/Dialog';
import { Kbd } from '../components/Kbd';
import { ShortcutsEditor } from '../features/annotate/ShortcutsEditor';

const GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Episodes',
    keys: [
      ['J / K', 'Next / previous episode'],
      ['↑ / ↓', 'Move in the focused list'],
      ['/', 'Search instructions'],
      ['Esc', 'Clear the search'],
    ],
  },
  {
    title: 'Review',
    keys: [
      ['U', 'To do'],
      ['W', 'In progress'],
      ['D', 'Done'],
      ['N', 'Needs review'],
      ['R', 'Rejected'],
      ['Shift + key', 'Set and open the next episode'],
    ],
  },
  {
    title: 'Player',
    keys: [
      ['Space', 'Play / pause'],
      ['← / →', 'Previous / next frame'],
      ['Shift + ←/→', '10 frames back / on'],
      ['Home / End', 'First / last frame'],
      ['Click a plot', 'Seek there; drag to scrub'],
    ],
  },
  {
    title: 'Rollouts (focused row)',
    keys: [
      ['1 – 9', 'Tag with the taxonomy\'s 1st to 9th tag'],
      ['0', 'Clear the tag'],
      ['↑ / ↓', 'Previous / next rollout, opening it'],
      ['Enter', 'Open the rollout'],
    ],
  },
  {
    title: 'Rollout player',
    keys: [
      [', / .', 'Previous / next step'],
      ['Space, ←/→, Home/End', 'As in the player'],
    ],
  },
  { title: 'Studio', keys: [['I', 'Import a dataset'], ['?', 'This list']] },
];

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} width={760}>
      <div className="shortcuts">
        {GROUPS.map((g) => (
          <section key={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.keys.map(([key, what]) => (
                <div key={key} className="shortcuts__row">
                  <dt>
                    {key.split(' / ').map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' / '}
                        {k.length <= 6 ? <Kbd>{k}</Kbd> : k}
                      </span>
                    ))}
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <ShortcutsEditor />
    </Dialog>
  );
}
