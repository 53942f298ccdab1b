import { i18n } from '#i18n';
import { withElements } from '@/components/with-elements';
import { languageName } from '@/utils/languages';
import { describeImage, type HistoryEntry } from '@/utils/history';

function whenText(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return i18n.t('usage.today', { time });
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The page's address when it can be a link: http(s) only. */
function pageLink(pageUrl: string | undefined): URL | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

interface HistoryItemProps {
  entry: HistoryEntry;
  /** The time the list is shown at, for "today at 14:05". */
  now: number;
  /** Being translated again. */
  working: boolean;
  onOpen: () => void;
  onDownload: () => void;
  onTranslateAgain: () => void;
}

/** One recent translation: its picture, languages, time and page, and what can be done with it. */
export function HistoryItem({ entry, now, working, onOpen, onDownload, onTranslateAgain }: HistoryItemProps) {
  const link = pageLink(entry.pageUrl);
  const titleId = `history-${entry.jobId}-title`;
  return (
    <li class="history-item">
      {entry.thumbnail ? (
        <img class="history-thumb" src={entry.thumbnail} alt="" />
      ) : (
        <span class="history-thumb history-thumb-empty" aria-hidden="true">
          {entry.noText ? i18n.t('usage.noTextThumb') : '—'}
        </span>
      )}
      <div class="history-text">
        <p id={titleId} class="history-title">
          {languageName(entry.sourceLang)} → {languageName(entry.targetLang)}
          <span class="hint"> · </span>
          <time class="hint" dateTime={new Date(entry.at).toISOString()}>
            {whenText(entry.at, now)}
          </time>
        </p>
        <p class="hint history-image" title={entry.imageUrl.startsWith('http') ? entry.imageUrl : undefined}>
          {link
            ? withElements(i18n.t('usage.imageOnSite', { image: '{image}', site: '{site}' }), {
                image: describeImage(entry.imageUrl),
                site: (
                  <a class="link" href={link.href} target="_blank" rel="noreferrer">
                    {link.host}
                  </a>
                ),
              })
            : describeImage(entry.imageUrl)}
        </p>
        {entry.noText && <p class="hint">{i18n.t('usage.noTextDetected')}</p>}
        {entry.parts && <p class="hint">{i18n.t('usage.parts', { count: entry.parts })}</p>}
      </div>
      <div class="history-actions">
        {/* A long picture's parts are stitched together on its page only: the cache holds them one by one. */}
        {!entry.noText && !entry.parts && (
          <>
            <button type="button" class="button button-small" aria-describedby={titleId} onClick={onOpen}>
              {i18n.t('usage.open')}
            </button>
            <button type="button" class="button button-small" aria-describedby={titleId} onClick={onDownload}>
              {i18n.t('usage.download')}
            </button>
          </>
        )}
        <button
          type="button"
          class="button button-small"
          aria-describedby={titleId}
          // Stays focusable while it works, so a keyboard user is not thrown back to the top of the page.
          aria-disabled={working ? true : undefined}
          onClick={onTranslateAgain}
        >
          {working ? i18n.t('usage.again.working') : i18n.t('usage.again.button')}
        </button>
      </div>
    </li>
  );
}
