import { useState } from 'preact/hooks';
import { i18n } from '#i18n';

export interface SecretInputProps {
  id: string;
  value: string;
  onInput: (value: string) => void;
  /** Names what is hidden, for the toggle, in the interface's language: "key" for "Show key" / "Hide key". */
  noun: string;
  describedBy?: string;
  invalid?: boolean;
  autoComplete?: string;
}

/** A password field with a button that shows its value as plain text while pressed. */
export function SecretInput({ id, value, onInput, noun, describedBy, invalid = false, autoComplete = 'off' }: SecretInputProps) {
  const [shown, setShown] = useState(false);
  return (
    <div class="input-with-button">
      <input
        id={id}
        class="input"
        type={shown ? 'text' : 'password'}
        value={value}
        autoComplete={autoComplete}
        spellcheck={false}
        autoCapitalize="off"
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <button type="button" class="button" aria-pressed={shown} aria-controls={id} onClick={() => setShown((was) => !was)}>
        {shown ? i18n.t('options.secret.hide', { noun }) : i18n.t('options.secret.show', { noun })}
      </button>
    </div>
  );
}
