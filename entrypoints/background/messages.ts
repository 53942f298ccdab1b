import { browser } from 'wxt/browser';
import type { Engine } from '@/utils/engine/engine';
import type { Translation } from '@/utils/use-cases/translate';
import type { TranslateNear } from '@/utils/use-cases/translate-near';
import { createWorkerHandlers, listenToWorkerMessages } from '@/utils/use-cases/worker-messages';
import type { PageBatches } from '@/utils/page-batches';
import { setView } from './views';
import { reportFailures } from './toolbar';

/** Messages from the extension's pages and the page scripts, routed to the use cases (see worker-messages.ts). */
export function registerMessages(engine: Engine, batches: PageBatches, translation: Translation, translateNear: TranslateNear): void {
  const handlers = createWorkerHandlers({
    engine,
    translation,
    translateNear,
    refreshBatch: batches.refresh,
    setView,
    openOptionsPage: () => browser.runtime.openOptionsPage(),
  });
  listenToWorkerMessages(handlers, reportFailures);
}
