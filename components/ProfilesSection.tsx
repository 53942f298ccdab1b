import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { saveSettings } from '@/utils/settings';
import { DEFAULT_PROFILE, MAX_PROFILE_NAME, type Settings } from '@/utils/settings-schema';
import { profileOf } from '@/utils/site-profiles';
import { useSettings } from './use-settings';

/**
 * Named profiles ("E-commerce", "Comics"): the translation settings above saved under a name, to be chosen
 * per site from the popup. The settings above are the default profile.
 */
export function ProfilesSection() {
  const stored = useSettings();
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  if (stored.status !== 'ready') return null;
  const { settings } = stored;

  const names = Object.keys(settings.profiles).sort((a, b) => a.localeCompare(b));
  const sitesUsing = (profile: string) =>
    Object.entries(settings.siteProfiles)
      .filter(([, chosen]) => chosen === profile)
      .map(([site]) => site);

  const save = async (changes: Partial<Settings>, done: string) => {
    // The options page shows what the stored settings lost, if anything: its saves may store them repaired.
    await saveSettings(changes, { repairsShown: true });
    setMessage(done);
  };

  const onSaveAs = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > MAX_PROFILE_NAME || trimmed === DEFAULT_PROFILE) {
      setMessage(i18n.t('profiles.nameInvalid', { max: MAX_PROFILE_NAME, reserved: DEFAULT_PROFILE }));
      return;
    }
    // What is stored, not what the form above may hold unsaved: press Save there first.
    await save({ profiles: { ...settings.profiles, [trimmed]: profileOf(settings) } }, i18n.t('profiles.savedAs', { name: trimmed }));
    setName('');
  };

  const onUseAsDefault = async (profile: string) => {
    await save({ ...settings.profiles[profile] }, i18n.t('profiles.nowDefault', { name: profile }));
    location.reload();
  };

  const onDelete = async (profile: string) => {
    const { [profile]: _removed, ...profiles } = settings.profiles;
    const siteProfiles = Object.fromEntries(Object.entries(settings.siteProfiles).filter(([, chosen]) => chosen !== profile));
    await save({ profiles, siteProfiles }, i18n.t('profiles.deleted', { name: profile }));
  };

  return (
    <section class="card options-section" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading" class="section-title">
        {i18n.t('profiles.heading')}
      </h2>
      <p class="hint">{i18n.t('profiles.hint')}</p>
      <form class="row" onSubmit={(event) => void onSaveAs(event)}>
        <label class="label" for="profile-name">
          {i18n.t('profiles.nameLabel')}
        </label>
        <input
          id="profile-name"
          class="input"
          value={name}
          maxLength={MAX_PROFILE_NAME}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <button type="submit" class="button">
          {i18n.t('profiles.add')}
        </button>
      </form>
      {names.length > 0 && (
        <ul class="profile-list" aria-label={i18n.t('profiles.list')}>
          {names.map((profile) => (
            <li key={profile} class="row">
              <strong>{profile}</strong>
              <span class="hint">{sitesUsing(profile).join(i18n.t('options.listSeparator')) || i18n.t('profiles.noSite')}</span>
              <button
                type="button"
                class="button"
                aria-label={i18n.t('profiles.useAsDefaultNamed', { name: profile })}
                onClick={() => void onUseAsDefault(profile)}
              >
                {i18n.t('profiles.useAsDefault')}
              </button>
              <button
                type="button"
                class="button"
                aria-label={i18n.t('profiles.deleteNamed', { name: profile })}
                onClick={() => void onDelete(profile)}
              >
                {i18n.t('profiles.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="hint" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
