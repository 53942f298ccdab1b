import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { sweepPendingUploads } from '@/utils/cache';
import { viewOf } from '@/utils/engine/jobs';
import { againKey } from '@/utils/protocol';
import { createWorkerEngine, ENGINE_ALARM } from './engine';
import { registerMenus } from './menus';
import { registerHoverButton } from './hover-button';
import { registerMessages } from './messages';
import { createPageProgress } from './page-progress';
import { registerViewCommand } from './views';
import { reportFailures, showOnToolbar } from './toolbar';

export default defineBackground(() => {
  const progress = createPageProgress(() => engine);
  const engine = createWorkerEngine(
    (job) => {
      for (const tabId of new Set(job.targets.map((t) => t.tabId))) reportFailures(progress.refresh(tabId), tabId);
      // The options page follows a job asked for again from the history here: it reads no engine internals.
      if (job.again) reportFailures(browser.storage.session.set({ [againKey(job.id)]: viewOf(job, job.request.imageUrl) }));
    },
    (problem) =>
      reportFailures(
        showOnToolbar(
          undefined,
          problem.kind === 'dropped-jobs'
            ? i18n.t('engine.droppedJobs', { count: problem.count })
            : problem.kind === 'save-failed'
              ? i18n.t('engine.saveFailed', { error: String(problem.error) })
              : i18n.t('engine.unexpected', { error: String(problem.error) }),
        ),
      ),
  );
  // Listeners first and synchronously, so events that woke the worker reach them.
  registerMenus(engine, progress);
  registerMessages(engine, progress);
  registerHoverButton();
  registerViewCommand();
  // Held open by pages with images still waiting: connecting is what starts a stopped worker again.
  browser.runtime.onConnect.addListener(() => undefined);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ENGINE_ALARM) reportFailures(engine.tick());
  });
  reportFailures(engine.resume());
  // Pictures left waiting for upload by a worker that stopped before their job ended.
  reportFailures(sweepPendingUploads());
});
