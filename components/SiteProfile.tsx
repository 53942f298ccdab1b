import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { DEFAULT_PROFILE, loadSettings, profileNameFor, saveSettings, SettingsNeedReviewError, siteOf } from '@/utils/settings';

/** The popup's choice of profile for the site of the current tab. */
export function SiteProfile({ pageUrl }: { pageUrl: string }) {
  const site = siteOf(pageUrl);
  const [names, setNames] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState(DEFAULT_PROFILE);
  const [saveError, setSaveError] = useState('');
  useEffect(() => {
    void loadSettings().then(({ settings }) => {
      setNames(Object.keys(settings.profiles).sort((a, b) => a.localeCompare(b)));
      setChosen(profileNameFor(settings, pageUrl));
    });
  }, [pageUrl]);
  if (!site || !names?.length) return null;

  const onChange = async (profile: string) => {
    const previous = chosen;
    setChosen(profile);
    setSaveError('');
    try {
      await saveSettings(({ siteProfiles }) => {
        const { [site]: _previous, ...others } = siteProfiles;
        return { siteProfiles: profile === DEFAULT_PROFILE ? others : { ...others, [site]: profile } };
      });
    } catch (error) {
      setChosen(previous);
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
