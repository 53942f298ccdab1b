import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { Switch } from '@/components/Switch';
import { askForSites, giveBackSites } from '@/utils/auto-site-access';
import { autoSiteFor, coversHost, webHostOf } from '@/utils/auto-sites';
import { saveSettings, SettingsNeedReviewError } from '@/utils/settings';
import { useSettings } from './use-settings';

/**
 * The popup's switch that translates the current site's pictures ahead of the scroll. On asks for access to
 * that site alone and adds it to the list of the options; off takes every entry covering it off the list and
 * gives its access back.
 */
export function AutoSiteSwitch({ pageUrl }: { pageUrl: string }) {
  const host = webHostOf(pageUrl);
  const stored = useSettings();
  // The switch as flipped, shown at once while it is saved (and taken back if that fails).
  const [flipped, setFlipped] = useState<boolean | null>(null);
  const [message, setMessage] = useState('');
  if (!host || stored.status !== 'ready') return null;
  const on = flipped ?? autoSiteFor(stored.settings.autoSites, pageUrl) !== undefined;

  const onChange = async (checked: boolean) => {
    setFlipped(checked);
    setMessage('');
    try {
      // Asked first, while the click still counts as the user's gesture.
      if (checked && !(await askForSites([host]).catch(() => false))) {
        setFlipped(false);
        return setMessage(i18n.t('popup.autoSiteDenied', { site: host }));
      }
      let removed: string[] = [];
      const saved = await saveSettings(({ autoSites }) => {
        removed = autoSites.filter((site) => coversHost(site, host));
        return {
          autoSites: checked ? [...autoSites.filter((site) => site !== host), host] : autoSites.filter((site) => !removed.includes(site)),
        };
      });
      if (!checked) await giveBackSites(removed, saved.autoSites);
    } catch (error) {
      setFlipped(!checked);
      setMessage(error instanceof SettingsNeedReviewError ? i18n.t('settings.needReview') : i18n.t('popup.autoSiteSaveError'));
    }
  };

  return (
    <section class="card popup-section" aria-label={i18n.t('popup.autoSite')}>
      <Switch
        id="auto-site"
        label={i18n.t('popup.autoSite')}
        checked={on}
        describedBy="auto-site-hint"
        onChange={(c) => void onChange(c)}
      />
      <p id="auto-site-hint" class="hint">
        {i18n.t('popup.autoSiteHint', { site: host })}
      </p>
      {message && (
        <p class="alert" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
