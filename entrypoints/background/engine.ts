import { browser } from 'wxt/browser';
import { getApiKey } from '@/utils/api-key';
import { createPendingUploads, createResultCache } from '@/utils/cache';
import { dataUrlToBlob } from '@/utils/data-url';
import { createDashScopeClient } from '@/utils/dashscope/client';
import { createEngine, type Engine } from '@/utils/engine/engine';
import { engineMemoryItem, type Job } from '@/utils/engine/jobs';
import { sendToFrame } from '@/utils/protocol';
import { addHistory, makeThumbnail, recordBilled } from '@/utils/usage';

export const ENGINE_ALARM = 'engine-wake';

/** The engine wired to this worker: storage, the Cache API, tabs, timers, and an alarm as a backstop. */
export function createWorkerEngine(changed: (job: Job) => void): Engine {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alarmSet = false;
  const cache = createResultCache();
  const engine = createEngine({
    async clientFor(endpoint) {
      const apiKey = await getApiKey();
      return apiKey ? createDashScopeClient({ baseUrl: endpoint, apiKey }) : null;
    },
    cache,
    pending: createPendingUploads(),
    readFromPage: (target) =>
      sendToFrame(target.tabId, target.frameId, { type: 'read', srcUrl: target.srcUrl }).then(
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
      const image = noText ? undefined : await cache.get(job.cacheKey);
      const tabId = job.targets[0]?.tabId;
      const tab = tabId === undefined ? undefined : await browser.tabs.get(tabId).catch(() => undefined);
      await addHistory({
        jobId: job.id,
        cacheKey: job.cacheKey,
        at: Date.now(),
        sourceLang: job.request.sourceLang,
        targetLang: job.request.targetLang,
        pageUrl: job.again?.pageUrl ?? tab?.url,
        imageUrl: job.request.imageUrl,
        thumbnail: image ? await makeThumbnail(image).catch(() => undefined) : undefined,
        noText,
        byAddress: !job.upload,
      });
    },
    load: () => engineMemoryItem.getValue(),
    save: (memory) => engineMemoryItem.setValue(memory),
    wakeAt(time) {
      clearTimeout(timer);
      if (time === null) {
        if (alarmSet) void browser.alarms.clear(ENGINE_ALARM);
        alarmSet = false;
        return;
      }
      timer = setTimeout(() => void engine.tick(), Math.max(0, time - Date.now()));
      // Chrome stops an idle worker after ~30 s and its timers with it; the alarm starts it again.
      if (!alarmSet) void browser.alarms.create(ENGINE_ALARM, { periodInMinutes: 0.5 });
      alarmSet = true;
    },
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    // Only the benchmark's baseline build sets this: the fixed interval the API reference suggests.
    queryDelay: import.meta.env.WXT_FIXED_POLL_MS ? () => Number(import.meta.env.WXT_FIXED_POLL_MS) : undefined,
  });
  return engine;
}
