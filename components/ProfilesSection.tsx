import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_PROFILE, loadSettings, MAX_PROFILE_NAME, profileOf, saveSettings, type Settings } from '@/utils/settings';

/**
 * Named profiles ("E-commerce", "Comics"): the translation settings above saved under a name, to be chosen
 * per site from the popup. The settings above are the default profile.
 */
export function ProfilesSection() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    void loadSettings().then(({ settings }) => setSettings(settings));
  }, []);
  if (!settings) return null;

  const names = Object.keys(settings.profiles).sort((a, b) => a.localeCompare(b));
  const sitesUsing = (profile: string) =>
    Object.entries(settings.siteProfiles)
      .filter(([, chosen]) => chosen === profile)
      .map(([site]) => site);

  const save = async (changes: Partial<Settings>, done: string) => {
    setSettings(await saveSettings(changes));
    setMessage(done);
  };

  const onSaveAs = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > MAX_PROFILE_NAME || trimmed === DEFAULT_PROFILE) {
      setMessage(`Give the profile a name of 1 to ${MAX_PROFILE_NAME} characters, other than “${DEFAULT_PROFILE}”.`);
      return;
    }
    // What is stored, not what the form above may hold unsaved: press Save there first.
    const current = (await loadSettings()).settings;
    await save({ profiles: { ...current.profiles, [trimmed]: profileOf(current) } }, `Saved the translation settings as “${trimmed}”.`);
    setName('');
  };

  const onUseAsDefault = async (profile: string) => {
    await save({ ...settings.profiles[profile] }, `“${profile}” is now the default. Reloading the form…`);
    location.reload();
  };

  const onDelete = async (profile: string) => {
    const { [profile]: _removed, ...profiles } = settings.profiles;
    const siteProfiles = Object.fromEntries(Object.entries(settings.siteProfiles).filter(([, chosen]) => chosen !== profile));
    await save({ profiles, siteProfiles }, `Deleted “${profile}”; its sites use the default again.`);
  };

  return (
    <section class="card options-section" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading" class="section-title">
        Profiles
      </h2>
      <p class="hint">
        A profile is the domain hint, sensitive words, terms and subject setting above, saved under a name. Choose one for a site in the
        popup; other sites use the settings above ({DEFAULT_PROFILE}).
      </p>
      <form class="row" onSubmit={(event) => void onSaveAs(event)}>
        <label class="label" for="profile-name">
          Profile name
        </label>
        <input
          id="profile-name"
          class="input"
          value={name}
          maxLength={MAX_PROFILE_NAME}
          onInput={(event) => setName(event.currentTarget.value)}
        />
        <button type="submit" class="button">
          Add profile
        </button>
      </form>
      {names.length > 0 && (
        <ul class="profile-list" aria-label="Saved profiles">
          {names.map((profile) => (
            <li key={profile} class="row">
              <strong>{profile}</strong>
              <span class="hint">{sitesUsing(profile).join(', ') || 'no site yet'}</span>
              <button type="button" class="button" aria-label={`Use ${profile} as default`} onClick={() => void onUseAsDefault(profile)}>
                Use as default
              </button>
              <button type="button" class="button" aria-label={`Delete ${profile}`} onClick={() => void onDelete(profile)}>
                Delete
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
