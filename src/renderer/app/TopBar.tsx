import type { ProjectInfo } from '../../shared/contract/domain';
import { Button } from '../components/Button';
import { formatCount } from '../components/format';

export interface TopBarProps {
  project: ProjectInfo;
  shell: 'electron' | 'web';
  onImport(): void;
  onGrounding(): void;
  onTrain(): void;
  onRollouts(): void;
  onHelp(): void;
}

export function TopBar({ project, shell, onImport, onGrounding, onTrain, onRollouts, onHelp }: TopBarProps) {
  return (
    <header className="topbar">
      <div className="topbar__brand" aria-label="ST4VLA Studio">
        <span className="topbar__logo" aria-hidden>◢</span>
        ST4VLA <span className="topbar__brand-sub">Studio</span>
      </div>
      <div className="topbar__project" title={project.dir}>
        <span className="topbar__project-name" data-testid="project-name">{project.name}</span>
        <span className="topbar__project-meta">
          {formatCount(project.datasetCount)} dataset{project.datasetCount === 1 ? '' : 's'} ·{' '}
          {formatCount(project.episodeCount)} episodes
        </span>
        <span className="topbar__project-dir mono">{project.dir}</span>
      </div>
      <div className="topbar__spacer" />
      {shell === 'web' && <span className="topbar__shell" title="Running in a browser: the studio's files are on the machine that serves it">web</span>}
      <Button onClick={onGrounding} title="Grounding question-answer data: templates, preview, export and import" data-testid="open-grounding">
        Grounding QA
      </Button>
      <Button onClick={onTrain} title="Train a policy on the project's episodes: runs, curves, checkpoints" data-testid="open-training">
        Train
      </Button>
      <Button onClick={onRollouts} title="Evaluate checkpoints, import rollouts, compare success rates and tag failures" data-testid="open-rollouts">
        Rollouts
      </Button>
      <Button variant="primary" onClick={onImport} shortcut="I" icon="+">
        Import dataset
      </Button>
      <Button variant="ghost" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </Button>
    </header>
  );
}
