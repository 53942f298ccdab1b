import { i18n } from '#i18n';
import { jobWords } from '@/utils/failure-words';
import type { JobAction, JobPhase, JobView, View } from '@/utils/protocol';

/**
 * What an image shows while it is translated: progress, a failure and what to do, or the toggle.
 *
 * Plain DOM rather than Preact: it is the only UI in the content script, which every page that is right-clicked
 * loads, and a framework would be most of that script's weight. Elements are kept while they stay on screen,
 * so a focused button keeps focus and a live region is updated rather than replaced.
 */
export interface ImageOverlayHandlers {
  onToggle(): void;
  onAction(action: JobAction): void;
  onDismiss(): void;
}

export interface ImageOverlay {
  /** Shows a job's state; `view` is which image shows once a translation was painted (null before), and a
   *  dismissed overlay shows nothing. `parts`: a long picture translated in parts, how many are done. */
  show(job: JobView, view: View | null, dismissed: boolean, parts?: { done: number; count: number }): void;
  destroy(): void;
}

const workingLabels: Partial<Record<JobPhase, () => string>> = {
  queued: () => i18n.t('overlay.queued'),
  submitting: () => i18n.t('overlay.submitting'),
  translating: () => i18n.t('overlay.translating'),
  downloading: () => i18n.t('overlay.downloading'),
};

const actionLabels: Record<JobAction, () => string> = {
  'open-settings': () => i18n.t('overlay.openSettings'),
  retry: () => i18n.t('overlay.retry'),
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children);
  return node;
}

function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const node = element('button', className, label);
  node.type = 'button';
  // Only the user's own click or key press: a page's synthetic click must not submit, bill or open the settings.
  node.addEventListener('click', (event) => {
    if (event.isTrusted) onClick();
  });
  return node;
}

/** A box with a message and its buttons: a failure (`alert`) or a note on a finished job (`status`). */
function messageBox(kind: 'alert' | 'note', message: string, buttons: HTMLButtonElement[]): HTMLElement {
  const box = element('div', kind, element('p', '', message), element('div', 'actions', ...buttons));
  box.setAttribute('role', kind === 'alert' ? 'alert' : 'status');
  return box;
}

export function createImageOverlay(mount: HTMLElement, handlers: ImageOverlayHandlers): ImageOverlay {
  mount.lang = i18n.t('uiLang');
  /** What is on screen, and what it shows: a box is rebuilt only when its content changes. */
  let box: { node: HTMLElement; content: string } | undefined;
  /** The words of the progress box, while it shows. */
  let progressWords: Text | undefined;
  let toggle: HTMLButtonElement | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  function setBox(content?: string, build?: () => HTMLElement): void {
    if (box?.content === content) return;
    clearInterval(timer);
    box?.node.remove();
    box = content === undefined || !build ? undefined : { node: build(), content };
    if (box) mount.prepend(box.node);
  }

  function progress(label: string, since: number): HTMLElement {
    progressWords = document.createTextNode(label);
    const elapsed = element('span', 'elapsed');
    const tick = () => {
      elapsed.textContent = i18n.t('overlay.elapsed', { seconds: Math.max(0, Math.round((Date.now() - since) / 1000)) });
    };
    tick();
    timer = setInterval(tick, 1000);
    const spinner = element('span', 'spinner');
    spinner.setAttribute('aria-hidden', 'true');
    const status = element('div', 'status', spinner, progressWords, ' ', elapsed);
    status.setAttribute('role', 'status');
    return status;
  }

  function setToggle(view: View | null): void {
    if (!view) {
      toggle?.remove();
      toggle = undefined;
      return;
    }
    toggle ??= mount.appendChild(button('', handlers.onToggle, 'toggle'));
    toggle.textContent = view === 'translated' ? i18n.t('overlay.showOriginal') : i18n.t('overlay.showTranslation');
  }

  const dismiss = () => button(i18n.t('overlay.dismiss'), handlers.onDismiss);

  return {
    show(job, view, dismissed, parts) {
      const working = workingLabels[job.phase];
      if (dismissed) {
        setBox();
        setToggle(null);
      } else if (working) {
        // Before any part is under way, how many billed translations the picture takes; then how many are done.
        const label = !parts
          ? working()
          : job.phase === 'queued' && parts.done === 0
            ? i18n.t('overlay.longImage', { count: parts.count })
            : `${working()} ${i18n.t('overlay.partsDone', { done: parts.done, count: parts.count })}`;
        // One live region for the whole wait: its words change as the job moves on, its clock does not restart.
        const content = `working:${job.requestedAt}`;
        if (box?.content === content) progressWords!.data = label;
        setBox(content, () => progress(label, job.requestedAt));
        setToggle(null);
      } else if (job.phase === 'failed' || job.phase === 'uncertain') {
        // Worded now, in the language the browser speaks now: the job keeps only what happened.
        const { message = '', action } = jobWords(job) ?? {};
        setBox(`alert:${message}:${action}`, () =>
          messageBox('alert', message, [
            ...(action ? [button(actionLabels[action](), () => handlers.onAction(action), 'primary')] : []),
            dismiss(),
          ]),
        );
        setToggle(null);
      } else {
        const note = jobWords(job)?.message;
        setBox(note ? `note:${note}` : undefined, () => messageBox('note', note!, [dismiss()]));
        setToggle(view);
      }
    },
    destroy() {
      clearInterval(timer);
      mount.replaceChildren();
    },
  };
}
