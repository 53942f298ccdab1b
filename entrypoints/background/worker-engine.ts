import { browser } from 'wxt/browser';
import { apiKeyForEndpoint, loadApiKey } from '@/utils/api-key';
import { createPendingUploads, createResultCache } from '@/utils/cache';
import { dataUrlToBlob } from '@/utils/data-url';
import { createDashScopeClient } from '@/utils/dashscope/client';
import { createEngine, type Engine, type EngineDeps } from '@/utils/engine/engine';
import { fixedInterval } from '@/utils/engine/poll-schedule';
import { engineMemoryItem, type Job } from '@/utils/engine/jobs';
import { sendToFrame } from '@/utils/protocol';
import { loadSettings } from '@/utils/settings';
import { reportFailures } from './toolbar';
import { addHistory, historyEntryOf, showsWhole } from '@/utils/history';
import { makeThumbnail } from '@/utils/thumbnail';
import { loadBilled, recordBilled, summarize } from '@/utils/usage';

export const ENGINE_ALARM = 'engine-wake';

/** The engine wired to this worker: storage, the Cache API, tabs, timers, and an alarm as a backstop. */
export function createWorkerEngine(changed: (job: Job) => void, problem: NonNullable<EngineDeps['problem']>): Engine {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alarmSet = false;
  const cache = createResultCache();
  const engine = createEngine({
    async clientFor(endpoint) {
      const stored = await loadApiKey();
      if (typeof stored !== 'object') return 'no-key';
      const apiKey = apiKeyForEndpoint(stored, endpoint);
      // A job made for another endpoint than the key's: the key never goes where it was not saved for.
      return apiKey ? createDashScopeClient({ baseUrl: endpoint, apiKey }) : 'endpoint-changed';
    },
    cache,
    pending: createPendingUploads(),
    readFromPage: (target, rect) =>
      sendToFrame(target.tabId, target.frameId, { type: 'read', srcUrl: target.srcUrl, rect }).then(
        (reply) => ('dataUrl' in reply ? { picture: dataUrlToBlob(reply.dataUrl), origin: reply.origin } : undefined),
        // The page is gone or changed: there is nothing left to read.
        () => undefined,
      ),
    deliver: (target, job) =>
      sendToFrame(target.tabId, target.frameId, { type: 'job', job }).then(
        () => true,
        // The tab was closed or navigated away: its content script is gone with it.
        () => false,
      ),
    changed,
    billed: (_job, taskId, noText) => recordBilled(Date.now(), noText, taskId),
    async translated(job, noText) {
      const image = noText || !showsWhole(job) ? undefined : await cache.get(job.cacheKey);
      const tabId = job.targets[0]?.tabId;
      const tab = tabId === undefined ? undefined : await browser.tabs.get(tabId).catch(() => undefined);
      const thumbnail = image ? await makeThumbnail(image).catch(() => undefined) : undefined;
      await addHistory(historyEntryOf(job, { at: Date.now(), noText, pageUrl: tab?.url, thumbnail }));
    },
    load: () => engineMemoryItem.getValue(),
    save: (memory) => engineMemoryItem.setValue(memory),
    problem,
    async spending() {
      const [{ settings }, billed] = await Promise.all([loadSettings(), loadBilled()]);
      return { limit: settings.monthlyLimit, billedThisMonth: summarize(billed, Date.now()).month.images };
    },
    wakeAt(time) {
      clearTimeout(timer);
      if (time === null) {
        if (alarmSet) reportFailures(browser.alarms.clear(ENGINE_ALARM));
        alarmSet = false;
        return;
      }
      timer = setTimeout(() => reportFailures(engine.tick()), Math.max(0, time - Date.now()));
      // Chrome stops an idle worker after ~30 s and its timers with it; the alarm starts it again.
      if (!alarmSet) reportFailures(browser.alarms.create(ENGINE_ALARM, { periodInMinutes: 0.5 }));
      alarmSet = true;
    },
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    // Only the benchmark's baseline build sets this: every N ms from the submission, as the API reference suggests.
    queryDelay: import.meta.env.WXT_FIXED_POLL_MS ? fixedInterval(Number(import.meta.env.WXT_FIXED_POLL_MS)) : undefined,
  });
  return engine;
}
