import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { saveSettings, SettingsNeedReviewError } from '@/utils/settings';
import { DEFAULT_PROFILE } from '@/utils/settings-schema';
import { profileNameFor, siteOf } from '@/utils/site-profiles';
import { useSettings } from './use-settings';

/** The popup's choice of profile for the site of the current tab. */
export function SiteProfile({ pageUrl }: { pageUrl: string }) {
  const site = siteOf(pageUrl);
  const stored = useSettings();
  // The pick, shown at once while it is saved (and taken back if that fails); before any, the stored choice.
  const [picked, setPicked] = useState<string | null>(null);
  const [saveError, setSaveError] = useState('');
  if (!site || stored.status !== 'ready') return null;
  const names = Object.keys(stored.settings.profiles).sort((a, b) => a.localeCompare(b));
  if (!names.length) return null;
  const chosen = picked ?? profileNameFor(stored.settings, pageUrl);

  const onChange = async (profile: string) => {
    const previous = picked;
    setPicked(profile);
    setSaveError('');
    try {
      await saveSettings(({ siteProfiles }) => {
        const { [site]: _previous, ...others } = siteProfiles;
        return { siteProfiles: profile === DEFAULT_PROFILE ? others : { ...others, [site]: profile } };
      });
    } catch (error) {
      setPicked(previous);
      setSaveError(error instanceof SettingsNeedReviewError ? i18n.t('settings.needReview') : i18n.t('siteProfile.saveError'));
    }
  };

  return (
    <section class="popup-section" aria-label={i18n.t('siteProfile.label')}>
      <label class="label" for="site-profile">
        {i18n.t('siteProfile.forSite')}
      </label>
      <select id="site-profile" class="select" value={chosen} onChange={(event) => void onChange(event.currentTarget.value)}>
        <option value={DEFAULT_PROFILE}>{i18n.t('siteProfile.defaultProfile')}</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <p class="hint">{i18n.t('siteProfile.hint', { site })}</p>
      {saveError && (
        <p class="alert" role="alert">
          {saveError}
        </p>
      )}
    </section>
  );
}
