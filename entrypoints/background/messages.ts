import { browser, type Browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { createDashScopeClient } from '@/utils/dashscope/client';
import { failureOf } from '@/utils/dashscope/errors';
import type { Engine } from '@/utils/engine/engine';
import { failureWords } from '@/utils/failure-words';
import type { CheckKeyReply, ToWorkerMessage } from '@/utils/protocol';
import { pageOnlyMessages, toWorkerSchema } from '@/utils/protocol-schema';
import { endpointSchema } from '@/utils/settings';
import { modelSchema } from '@/utils/model-schema';
import type { createPageProgress } from './page-progress';
import { translateAgain, translateClickedImage, translatePage } from './translate-image';
import { setView } from './views';
import { reportFailures } from './toolbar';
import { isHoverButtonOn } from '@/utils/hover-button';

type PageProgress = ReturnType<typeof createPageProgress>;

function fromExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
}

async function checkKey(apiKey: string, endpoint: string, model: string): Promise<CheckKeyReply> {
  const base = endpointSchema.safeParse(endpoint);
  if (!base.success) return { ok: false, message: i18n.t('errors.checkKey.invalidEndpoint') };
  if (!apiKey.trim()) return { ok: false, message: i18n.t('errors.checkKey.noKey') };
  const checkedModel = modelSchema.safeParse(model);
  if (!checkedModel.success) return { ok: false, message: i18n.t('errors.checkKey.invalidModel') };
  try {
    await createDashScopeClient({ baseUrl: base.data, apiKey: apiKey.trim() }).checkKey(checkedModel.data);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: failureWords(failureOf(error)).message };
  }
}

async function handle(
  message: ToWorkerMessage,
  sender: Browser.runtime.MessageSender,
  engine: Engine,
  progress: PageProgress,
): Promise<unknown> {
  switch (message.type) {
    case 'retry':
      if (sender.tab?.id !== undefined) await engine.retry(message.jobId, sender.tab.id);
      return undefined;
    case 'open-options':
      return browser.runtime.openOptionsPage();
    case 'set-view':
      return setView(message.tabId, message.view);
    case 'check-key':
      return checkKey(message.apiKey, message.endpoint, message.model);
    case 'translate-from-page':
      // The page's own button (opt-in): only while it is on, and only in the frame that asked.
      if (sender.tab?.id === undefined || !(await isHoverButtonOn())) return undefined;
      return translateClickedImage(engine, { tabId: sender.tab.id, frameId: sender.frameId ?? 0, srcUrl: message.srcUrl });
    case 'translate-page':
      return translatePage(engine, progress, message.tabId, message.confirmed ?? false);
    case 'cancel-page':
      await engine.cancelWaiting(message.tabId);
      return progress.refresh(message.tabId);
    case 'translate-again':
      return translateAgain(engine, message.entryId);
  }
}

/** Every message reaching the worker is validated; page-only ones must come from the extension's pages. */
export function registerMessages(engine: Engine, progress: PageProgress): void {
  // The reply is the returned promise, as the browser's onMessage takes it (its typing says void).
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown, sender: Browser.runtime.MessageSender) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success || sender.id !== browser.runtime.id) return undefined;
    if (pageOnlyMessages.has(parsed.data.type) && !fromExtensionPage(sender)) return undefined;
    const reply = handle(parsed.data, sender, engine, progress);
    reportFailures(reply, sender.tab?.id);
    // The failure is on the toolbar; the sender gets no reply.
    return reply.catch(() => undefined);
  });
}
