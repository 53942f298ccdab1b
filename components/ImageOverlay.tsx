import { useEffect, useState } from 'preact/hooks';
import type { JobAction, JobPhase, JobView, View } from '@/utils/protocol';

export interface ImageOverlayProps {
  job: JobView;
  /** Which image shows, once a translation was painted; null before. */
  view: View | null;
  onToggle(): void;
  onAction(action: JobAction): void;
  onDismiss(): void;
}

const workingLabels: Partial<Record<JobPhase, string>> = {
  queued: 'Waiting in queue',
  submitting: 'Sending',
  translating: 'Translating',
  downloading: 'Almost done',
};

const actionLabels: Record<JobAction, string> = {
  'open-settings': 'Open settings',
  retry: 'Try again',
};

function ElapsedSeconds({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span class="elapsed">{Math.max(0, Math.round((now - since) / 1000))} s</span>;
}

/** What an image shows while it is translated: progress, a failure and what to do, or the toggle. */
export function ImageOverlay({ job, view, onToggle, onAction, onDismiss }: ImageOverlayProps) {
  const working = workingLabels[job.phase];
  if (working) {
    return (
      <div class="status" role="status">
        <span class="spinner" aria-hidden="true" />
        {working}… <ElapsedSeconds since={job.requestedAt} />
      </div>
    );
  }
  if (job.phase === 'failed' || job.phase === 'uncertain') {
    return (
      <div class="alert" role="alert">
        <p>{job.message}</p>
        <div class="actions">
          {job.action && (
            <button type="button" class="primary" onClick={() => onAction(job.action!)}>
              {actionLabels[job.action]}
            </button>
          )}
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    );
  }
  return (
    <>
      {job.message && (
        <div class="note" role="status">
          <p>{job.message}</p>
          <div class="actions">
            <button type="button" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      {view && (
        <button type="button" class="toggle" onClick={onToggle}>
          {view === 'translated' ? 'Show original' : 'Show translation'}
        </button>
      )}
    </>
  );
}
