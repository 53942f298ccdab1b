import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { sweepPendingUploads } from '@/utils/cache';
import { viewOf } from '@/utils/engine/jobs';
import { againItem } from '@/utils/session-items';
import { createWorkerEngine, ENGINE_ALARM } from './worker-engine';
import { registerMenus } from './menus';
import { registerHoverButtonScripts } from './hover-button-registration';
import { registerMessages } from './messages';
import { createPageBatches } from '@/utils/page-batches';
import { createWorkerNearTranslation, createWorkerTranslation } from './worker-translation';
import { registerAutoTranslate } from './auto-translate';
import { registerViewCommand } from './views';
import { reportFailures, showOnToolbar } from './toolbar';

export default defineBackground(() => {
  const batches = createPageBatches({
    counts: (tabId, since) => engine.progress(tabId, since),
    // The tab may have closed meanwhile; its badge went with it.
    showOnButton: async (tabId, badge, title) => {
      await browser.action.setBadgeText({ tabId, text: badge }).catch(() => undefined);
      await browser.action.setTitle({ tabId, title }).catch(() => undefined);
    },
  });
  const engine = createWorkerEngine(
    (job) => {
      for (const tabId of new Set(job.targets.map((t) => t.tabId))) reportFailures(batches.refresh(tabId), tabId);
      // The options page follows a job asked for again from the history here: it reads no engine internals.
      if (job.again) reportFailures(againItem(job.id).setValue(viewOf(job, job.request.imageUrl)));
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
  const translation = createWorkerTranslation(engine, batches);
  registerMenus(translation);
  registerMessages(engine, batches, translation, createWorkerNearTranslation(batches, translation));
  registerHoverButtonScripts();
  registerAutoTranslate(engine);
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
